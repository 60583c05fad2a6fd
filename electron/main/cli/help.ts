import { exitCodeMeanings, type ExitCode } from './cliResult';
import { formatTable } from './table';
import type { OptionSpec, Verb } from './verb';

/** The option every verb takes, declared once here rather than in every verb. */
export const helpOption: OptionSpec = { type: 'boolean', short: 'h', description: "show this verb's options and exit codes" };

function optionSyntax(name: string, option: OptionSpec): string {
  return option.type === 'string' ? `--${name} ${option.value ?? 'VALUE'}` : `--${name}`;
}

/** `cachescope lag [--group G] [--topic T] [--window S] [--json] [--profile ID]` */
export function usageLine(verb: Verb): string {
  const args = (verb.arguments ?? []).map((a) => (a.optional ? `[${a.name}]` : a.name));
  const options = Object.entries(verb.options).map(([name, option]) => `[${optionSyntax(name, option)}]`);
  return ['cachescope', verb.name, ...args, ...options].join(' ');
}

function exitLines(exits: Partial<Record<ExitCode, string>> = {}): string[] {
  const codes = Object.keys(exitCodeMeanings).map(Number) as ExitCode[];
  return formatTable(
    [{ header: 'code' }, { header: 'meaning' }],
    codes.map((code) => [String(code), exits[code] ?? exitCodeMeanings[code]]),
    { indent: '  ', headers: false },
  );
}

/** `cachescope --help`: every verb in a line, how to get more, the exit codes. */
export function globalHelp(verbs: readonly Verb[], version: string): string {
  return [
    `cachescope ${version}: CacheScope from a terminal. Text for people, JSON for scripts (--json).`,
    '',
    'usage: cachescope <verb> [options]',
    '       cachescope <verb> --help',
    '       cachescope --version',
    '',
    'verbs:',
    ...formatTable([{ header: 'verb' }, { header: 'summary' }], verbs.map((v) => [v.name, v.summary]), { indent: '  ', headers: false }),
    '',
    'exit codes:',
    ...exitLines(),
    '',
    'Shell completion: eval "$(cachescope completion bash)" (or zsh).',
  ].join('\n');
}

/** `cachescope <verb> --help`: usage, description, arguments, options, exit codes. */
export function verbHelp(verb: Verb): string {
  const lines = [`usage: ${usageLine(verb)}`, '', verb.summary];
  if (verb.description) lines.push('', verb.description);
  if (verb.arguments?.length) {
    lines.push('', 'arguments:');
    lines.push(...formatTable([{ header: 'name' }, { header: 'description' }], verb.arguments.map((a) => [a.name, a.description]), { indent: '  ', headers: false }));
  }
  const options = Object.entries({ ...verb.options, help: helpOption });
  lines.push('', 'options:');
  lines.push(
    ...formatTable(
      [{ header: 'option' }, { header: 'description' }],
      options.map(([name, option]) => [`${option.short ? `-${option.short}, ` : ''}${optionSyntax(name, option)}`, option.description]),
      { indent: '  ', headers: false },
    ),
  );
  lines.push('', 'exit codes:', ...exitLines(verb.exits));
  return lines.join('\n');
}
