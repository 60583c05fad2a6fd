import type { Core } from '../core/core';
import type { CliResult, ExitCode } from './cliResult';
import type { Style } from './style';

/**
 * One option of a verb: what node:util parseArgs needs, plus what help and shell completion
 * show. Every verb declares its own; nothing else lists them.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** A string option given more than once (`--key a --key b`): its values in order. */
  multiple?: boolean;
  /** The value's placeholder in help, e.g. "S" for seconds (string options). */
  value?: string;
  /** Values shell completion offers (string options). */
  choices?: readonly string[];
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** What a verb's run receives as options: strings or booleans as declared, absent when not given. */
interface OptionTypes {
  string: string;
  boolean: boolean;
}
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K] extends { multiple: true } ? OptionTypes[O[K]['type']][] : OptionTypes[O[K]['type']];
};

/** A positional argument, in order. */
export interface ArgumentSpec {
  name: string;
  description: string;
  optional?: boolean;
  choices?: readonly string[];
}

/** Where a verb prints while it runs (`--watch` lines); its final answer is its CliResult. */
export interface VerbOutput {
  /** A line for people: control characters from outside escaped, colour only on a terminal. */
  text(line: string): void;
  /** A line of JSON (newline-delimited with --watch). */
  json(value: unknown): void;
}

export interface VerbContext<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
  /** The core on `--profile` (or "local"), created on first call and disposed after the verb. */
  core(frontEnd?: 'cli' | 'serve'): Promise<Core>;
  style: Style;
  out: VerbOutput;
  /**
   * For a verb that runs until stopped (`--watch`): aborted by Ctrl-C, SIGTERM, or stdout's
   * reader going away (`| head -1`). Ctrl-C ends other verbs at once: the first call takes it over.
   */
  stopSignal(): AbortSignal;
  /** The registry, for verbs about verbs (completion). */
  verbs: readonly Verb[];
}

/**
 * A verb of `cachescope`: the registry (verbs/index.ts) lists them, and the global help, the
 * verb's help, unknown-option errors and shell completion all come from these declarations.
 */
export interface Verb<O extends OptionSpecs = OptionSpecs> {
  /** The words that call it: `lag`, or a subcommand's `keys analyze`. */
  name: string;
  /** One line in `cachescope --help`. */
  summary: string;
  /** A paragraph under the usage line in `cachescope <verb> --help`. */
  description?: string;
  arguments?: readonly ArgumentSpec[];
  options: O;
  /** What each exit code means for this verb; the general meaning where left out. */
  exits?: Partial<Record<ExitCode, string>>;
  run(context: VerbContext<O>): Promise<CliResult>;
}

/** Declares a verb with its options typed from their declaration. */
export function defineVerb<const O extends OptionSpecs>(verb: Verb<O>): Verb<O> {
  return verb;
}

/** Options most verbs share; a verb spreads the ones it takes into its own. */
export const jsonOption = { json: { type: 'boolean', description: 'print JSON on stdout' } } as const satisfies OptionSpecs;
export const profileOption = {
  profile: { type: 'string', value: 'ID', description: 'use another profile than "local" (see profiles.json)' },
} as const satisfies OptionSpecs;
