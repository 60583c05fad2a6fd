import { helpOption } from './help';
import type { OptionSpec, Verb } from './verb';

const globalFlags = ['--help', '--version'];

const optionsOf = (verb: Verb): [string, OptionSpec][] => Object.entries({ ...verb.options, help: helpOption });

/** Verb, option and choice names are ours (letters, digits, dashes): safe inside double quotes. */
const words = (list: readonly string[]) => list.join(' ');

/**
 * The bash completion script, from the verbs' declarations: verbs first, then the verb's
 * options, an option's choices after it, and nothing after an option that takes a free value.
 */
export function bashCompletion(verbs: readonly Verb[]): string {
  const verbCases = verbs.map((verb) => {
    const valueCases = optionsOf(verb)
      .filter(([, option]) => option.type === 'string')
      .map(([name, option]) => `        --${name}) COMPREPLY=( $(compgen -W "${words(option.choices ?? [])}" -- "$cur") ); return ;;`);
    const choices = (verb.arguments ?? []).flatMap((a) => a.choices ?? []);
    const flags = optionsOf(verb).map(([name]) => `--${name}`);
    return [
      `    ${verb.name})`,
      ...(valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, '      esac'] : []),
      `      COMPREPLY=( $(compgen -W "${words([...flags, ...choices])}" -- "$cur") ) ;;`,
    ].join('\n');
  });
  return `# bash completion for cachescope. Load it with: eval "$(cachescope completion bash)"
_cachescope() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${words([...verbs.map((v) => v.name), ...globalFlags])}" -- "$cur") )
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
  const verbEntries = verbs.map((v) => `    '${zshText(v.name)}:${zshText(v.summary)}'`);
  const verbCases = verbs.map((verb) => {
    const args = (verb.arguments ?? []).map((a, i) => `'${a.optional ? ':' : ''}${i + 1}:${zshText(a.name)}:${a.choices ? `(${words(a.choices)})` : ' '}'`);
    const specs = [...optionsOf(verb).map(([name, option]) => zshOptionSpec(name, option)), ...args];
    return `      ${verb.name}) _arguments ${specs.join(' ')} ;;`;
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
