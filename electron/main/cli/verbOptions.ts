import type { Core } from '../core/core';
import { exitCodes, type CliResult } from './cliResult';

/** Options some verbs take besides --json and --profile; each verb reads its own. */
export interface VerbOptions {
  group?: string;
  topic?: string;
  window?: string;
  wait?: boolean;
  timeout?: string;
  watch?: boolean;
  count?: string;
  all?: boolean;
  /** keys get: the argument is the key's bytes in hex. */
  hex?: boolean;
  /** invalidate: a glob pattern, exact keys (repeatable), preview only, confirmed, a report file. */
  pattern?: string;
  key?: string[];
  dryRun?: boolean;
  yes?: boolean;
  report?: string;
  /** flush-cache: a namespace, or the whole database. */
  namespace?: string;
  /** audit: records newer than this age (1h, 30m, 2d). */
  since?: string;
  /** Positional arguments after the verb, for verbs that take some (`keys get <key>`). */
  args?: string[];
  match?: string;
  /** keys analyze: a database number; flush-cache: true to flush the whole database. */
  db?: string | boolean;
  delimiter?: string;
  depth?: string;
  samples?: string;
  top?: string;
}

/** What a verb (or a verb's subcommand, e.g. `keys analyze`) does with the core and the options. */
export type Verb = (core: Core, json: boolean, options: VerbOptions) => Promise<CliResult>;

/** A whole number of seconds from an option, or a usage error saying what was wrong. */
export function parseSeconds(flag: string, raw: string | undefined, fallback: number, min: number): number | CliResult {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    return { output: '', exitCode: exitCodes.usage, reason: `${flag} needs a number of seconds >= ${min}, got "${raw}"` };
  }
  return value;
}
