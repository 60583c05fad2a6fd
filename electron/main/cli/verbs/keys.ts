import type { Core } from '../../core/core';
import { exitCodes, type CliResult } from '../cliResult';
import type { Verb, VerbOptions } from '../verbOptions';
import { keysGetVerb } from './keysGet';

/** `keys <subcommand>`: one line each. */
const subcommands: Record<string, Verb> = {
  get: keysGetVerb,
};

export async function keysVerb(core: Core, json: boolean, options: VerbOptions): Promise<CliResult> {
  const [name, ...args] = options.args ?? [];
  const subcommand = name === undefined ? undefined : subcommands[name];
  if (!subcommand) {
    const what = name === undefined ? 'keys needs a subcommand' : `unknown subcommand "keys ${name}"`;
    return { output: '', exitCode: exitCodes.usage, reason: `${what} (${Object.keys(subcommands).join(', ')})` };
  }
  return subcommand(core, json, { ...options, args });
}
