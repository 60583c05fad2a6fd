import { exitCodes } from '../cliResult';
import { bashCompletion, zshCompletion } from '../completion';
import { defineVerb } from '../verb';

/** `completion bash|zsh`: the shell script, generated from the registry. */
export const completionVerb = defineVerb({
  name: 'completion',
  summary: 'print the bash or zsh completion script',
  description:
    'bash: eval "$(cachescope completion bash)" in ~/.bashrc\n' +
    'zsh:  eval "$(cachescope completion zsh)" in ~/.zshrc (after compinit), or save it as _cachescope in your $fpath',
  arguments: [{ name: 'shell', description: 'bash or zsh', choices: ['bash', 'zsh'] }],
  options: {},
  async run({ positionals, verbs }) {
    const script = positionals[0] === 'zsh' ? zshCompletion(verbs) : bashCompletion(verbs);
    return { output: script.trimEnd(), exitCode: exitCodes.ok };
  },
});
