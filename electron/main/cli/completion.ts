import { subcommandsOf } from './commandLine';
import { helpOption } from './help';
import type { OptionSpec, Verb } from './verb';

const globalFlags = ['--help', '--version'];

/** The first words of the verbs in order, once each: `keys` for `keys get` and `keys analyze`. */
const firstWords = (verbs: readonly Verb[]) => [...new Set(verbs.map((v) => v.name.split(' ')[0]!))];

const optionsOf = (verb: Verb): [string, OptionSpec][] => Object.entries({ ...verb.options, help: helpOption });

/** Verb, option and choice names are ours (letters, digits, dashes): safe inside double quotes. */
const words = (list: readonly string[]) => list.join(' ');

/**
 * The bash completion script, from the verbs' declarations: verbs first, then the verb's
 * options, an option's choices after it, and nothing after an option that takes a free value.
 */
export function bashCompletion(verbs: readonly Verb[]): string {
  // A subcommand (`keys get`) is completed after its group's word, one word further on.
  const bashCase = (verb: Verb, word: number, indent: string) => {
    const valueCases = optionsOf(verb)
      .filter(([, option]) => option.type === 'string')
      .map(([name, option]) => `${indent}    --${name}) COMPREPLY=( $(compgen -W "${words(option.choices ?? [])}" -- "$cur") ); return ;;`);
    const choices = (verb.arguments ?? []).flatMap((a) => a.choices ?? []);
    const flags = optionsOf(verb).map(([name]) => `--${name}`);
    return [
      `${indent}${verb.name.split(' ')[word - 1]})`,
      ...(valueCases.length > 0 ? [`${indent}  case "$prev" in`, ...valueCases, `${indent}  esac`] : []),
      `${indent}  COMPREPLY=( $(compgen -W "${words([...flags, ...choices])}" -- "$cur") ) ;;`,
    ].join('\n');
  };
  const groups = firstWords(verbs);
  const verbCases = groups.map((group) => {
    const members = verbs.filter((v) => v.name.split(' ')[0] === group);
    if (members.length === 1 && !members[0]!.name.includes(' ')) return bashCase(members[0]!, 1, '    ');
    return [
      `    ${group})`,
      `      if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=( $(compgen -W "${words(subcommandsOf(verbs, group))}" -- "$cur") ); return; fi`,
      '      case "${COMP_WORDS[2]}" in',
      ...members.map((verb) => bashCase(verb, 2, '        ')),
      '      esac ;;',
    ].join('\n');
  });
  return `# bash completion for cachescope. Load it with: eval "$(cachescope completion bash)"
_cachescope() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${words([...groups, ...globalFlags])}" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${verbCases.join('\n')}
  esac
}
complete -F _cachescope cachescope
`;
}

/** Text inside a single-quoted zsh `_arguments` spec or `_describe` entry: brackets and colons escaped, then quotes. */
function zshText(text: string): string {
  return text.replace(/([[\]:\\])/g, '\\$1').replace(/'/g, `'\\''`);
}

function zshOptionSpec(name: string, option: OptionSpec): string {
  const value = option.type === 'string' ? `:${zshText(option.value ?? 'value')}:${option.choices ? `(${words(option.choices)})` : ' '}` : '';
  const spec = `[${zshText(option.description)}]${value}'`;
  // A brace expansion (-h and --help) cannot sit inside the quotes.
  return option.short ? `{-${option.short},--${name}}'${spec}` : `'--${name}${spec}`;
}

/** The zsh completion script (compdef), with each verb's summary and each option's description. */
export function zshCompletion(verbs: readonly Verb[]): string {
  const groups = firstWords(verbs);
  const summaryOf = (group: string) =>
    verbs.find((v) => v.name === group)?.summary ?? `${subcommandsOf(verbs, group).join(', ')}`;
  const verbEntries = groups.map((group) => `    '${zshText(group)}:${zshText(summaryOf(group))}'`);
  const argumentsOf = (verb: Verb) => {
    const args = (verb.arguments ?? []).map((a, i) => `'${a.optional ? ':' : ''}${i + 1}:${zshText(a.name)}:${a.choices ? `(${words(a.choices)})` : ' '}'`);
    return `_arguments ${[...optionsOf(verb).map(([name, option]) => zshOptionSpec(name, option)), ...args].join(' ')}`;
  };
  const verbCases = groups.map((group) => {
    const members = verbs.filter((v) => v.name.split(' ')[0] === group);
    if (members.length === 1 && !members[0]!.name.includes(' ')) return `      ${group}) ${argumentsOf(members[0]!)} ;;`;
    // A subcommand: its name first, then its own options with the group's word shifted off.
    const entries = members.map((v) => `'${zshText(v.name.split(' ')[1]!)}:${zshText(v.summary)}'`).join(' ');
    const subCases = members.map((v) => `${v.name.split(' ')[1]}) shift words; (( CURRENT-- )); ${argumentsOf(v)} ;;`).join(' ');
    return `      ${group}) if (( CURRENT == 2 )); then local -a subcommands; subcommands=(${entries}); _describe -t subcommands '${group} subcommand' subcommands; else case $words[2] in ${subCases} esac; fi ;;`;
  });
  return `#compdef cachescope
# zsh completion for cachescope. Load it with: eval "$(cachescope completion zsh)"
_cachescope() {
  local state line
  local -a verbs
  verbs=(
${verbEntries.join('\n')}
  )
  _arguments -C '(- *)--help[list verbs and exit codes]' '(- *)--version[print the version]' '1: :->verb' '*:: :->args'
  case $state in
    verb) _describe -t verbs 'cachescope verb' verbs ;;
    args)
      case $line[1] in
${verbCases.join('\n')}
      esac ;;
  esac
}
if [ "$funcstack[1]" = "_cachescope" ]; then _cachescope "$@"; else compdef _cachescope cachescope; fi
`;
}
