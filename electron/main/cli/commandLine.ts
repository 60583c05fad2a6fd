import { parseArgs } from 'node:util';
import { globalHelp, helpOption, usageLine, verbHelp } from './help';
import type { OptionSpecs, Verb } from './verb';

/** What the command line asks for, before anything connects anywhere. */
export type CommandLine =
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string }
  | { kind: 'usage'; reason: string; help: string }
  | { kind: 'run'; verb: Verb; values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };

function parseOptions(options: OptionSpecs) {
  return Object.fromEntries(
    Object.entries({ ...options, help: helpOption }).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) },
    ]),
  );
}

/** The verb the first words name (`lag`, `keys get`), and the words after it. */
function findVerb(argv: readonly string[], verbs: readonly Verb[]): { verb: Verb; rest: string[] } | undefined {
  for (const verb of verbs) {
    const words = verb.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { verb, rest: argv.slice(words.length) };
  }
  return undefined;
}

/** The subcommands of a verb that has some (`keys` → analyze, get). */
export function subcommandsOf(verbs: readonly Verb[], group: string): string[] {
  return verbs.flatMap((v) => {
    const [first, second] = v.name.split(' ');
    return first === group && second !== undefined ? [second] : [];
  });
}

/** The first option the verb does not declare, as written (`--frob`, `-x`). */
function unknownOption(args: string[], verb: Verb): string | undefined {
  const options = parseOptions(verb.options);
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) if (token.kind === 'option' && !(token.name in options)) return token.rawName;
  return undefined;
}

/**
 * Reads `cachescope <verb> [arguments] [options]` against the verbs' declarations: help and
 * version, an unknown verb or option (named), a bad or missing value, too many or too few
 * arguments, or the verb to run with its values.
 */
export function parseCommandLine(argv: readonly string[], verbs: readonly Verb[], version: string): CommandLine {
  const [first] = argv;
  const help = globalHelp(verbs, version);
  if (first === undefined) return { kind: 'usage', reason: 'no verb given', help };
  if (first === '--help' || first === '-h') return { kind: 'help', text: help };
  if (first === '--version') return { kind: 'version', text: version };
  const found = findVerb(argv, verbs);
  if (!found) {
    const subcommands = subcommandsOf(verbs, first);
    if (subcommands.length > 0 && !['--help', '-h'].includes(argv[1] ?? '')) {
      const given = argv[1] === undefined ? '' : ` (not "${argv[1]}")`;
      return { kind: 'usage', reason: `${first} needs a subcommand: ${subcommands.join(', ')}${given}`, help };
    }
    if (subcommands.length > 0) return { kind: 'help', text: help };
    const what = first.startsWith('-') ? `the verb comes first, before options like "${first}"` : `unknown verb "${first}"`;
    return { kind: 'usage', reason: what, help };
  }
  const { verb, rest } = found;
  const usage = (reason: string) => ({
    kind: 'usage' as const,
    reason,
    help: `usage: ${usageLine(verb)}\nRun "cachescope ${verb.name} --help" for its options and exit codes.`,
  });
  const unknown = unknownOption(rest, verb);
  if (unknown) return usage(`unknown option "${unknown}" for ${verb.name}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: parseOptions(verb.options), allowPositionals: true, strict: true });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', text: verbHelp(verb) };
  const declared = verb.arguments ?? [];
  if (positionals.length > declared.length) return usage(`unexpected argument "${positionals[declared.length]}"`);
  const missing = declared.slice(positionals.length).find((a) => !a.optional);
  if (missing) return usage(`${verb.name} needs ${missing.name}`);
  const badChoice = declared.find((a, i) => a.choices && positionals[i] !== undefined && !a.choices.includes(positionals[i]!));
  if (badChoice) return usage(`${badChoice.name} must be one of ${badChoice.choices!.join(', ')}`);
  for (const [name, option] of Object.entries(verb.options)) {
    const value = values[name];
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
      return usage(`--${name} must be one of ${option.choices.join(', ')}, got "${value}"`);
    }
  }
  return { kind: 'run', verb, values, positionals };
}
