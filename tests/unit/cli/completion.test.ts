import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { bashCompletion, zshCompletion } from '../../../electron/main/cli/completion';
import { verbs } from '../../../electron/main/cli/verbs/index';

const dir = mkdtempSync(join(tmpdir(), 'cachescope-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bashScript = join(dir, 'cachescope.bash');
writeFileSync(bashScript, bashCompletion(verbs));

/** What bash offers for the command line `words`, the last word being completed. */
function complete(...words: string[]): string[] {
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cachescope; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['-c', program, 'bash', bashScript, 'cachescope', ...words], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  test('is valid bash and registers itself for cachescope', () => {
    execFileSync('bash', ['-n', bashScript]);
    const registered = execFileSync('bash', ['-c', 'source "$1"; complete -p cachescope', 'bash', bashScript], { encoding: 'utf8' });
    expect(registered.trim()).toBe('complete -F _cachescope cachescope');
  });

  test('completes verbs, then the verb’s options, then an option’s choices', () => {
    expect(complete('')).toEqual([...new Set(verbs.map((v) => v.name.split(' ')[0])), '--help', '--version']);
    expect(complete('s')).toEqual(['stats', 'serve']);
    expect(complete('lag', '--')).toEqual(['--group', '--topic', '--window', '--all', '--watch', '--count', '--json', '--profile', '--help']);
    expect(complete('stats', '--w')).toEqual(['--watch']);
    expect(complete('completion', '')).toEqual(['--help', 'bash', 'zsh']);
    // A free value (a group name) is the user's to type.
    expect(complete('lag', '--group', '')).toEqual([]);
  });

  test('completes a subcommand after its group, then the subcommand’s own options', () => {
    expect(complete('k')).toEqual(['keys']);
    expect(complete('keys', '')).toEqual(['analyze', 'get', 'compare']);
    expect(complete('keys', 'get', '--')).toEqual(['--hex', '--json', '--profile', '--help']);
    expect(complete('keys', 'analyze', '--d')).toEqual(['--db', '--delimiter', '--depth']);
    expect(complete('keys', 'analyze', '--top', '')).toEqual([]);
  });
});

describe('zsh completion', () => {
  const script = zshCompletion(verbs);

  test('describes every verb and option, its brackets and colons escaped', () => {
    expect(script.startsWith('#compdef cachescope\n')).toBe(true);
    for (const verb of verbs) expect(script).toContain(`'${verb.name.split(' ').at(-1)}:`);
    expect(script).toContain(`'--window[read once a second for S seconds (2; 0 for one reading) and judge over them]:S: `);
    expect(script).toContain(`get) shift words; (( CURRENT-- )); _arguments `);
    expect(script).toContain(`{-h,--help}'[show this verb'\\''s options and exit codes]'`);
    expect(script).toContain(`'--count[with --watch\\: stop after N lines]:N: '`);
    expect(script).toContain(`'1:shell:(bash zsh)'`);
  });

  test.runIf(hasZsh())('is valid zsh', () => {
    const file = join(dir, '_cachescope');
    writeFileSync(file, script);
    execFileSync('zsh', ['-n', file]);
  });

  // .ci/run installs zsh, so that CI always runs these.
  describe.runIf(hasZsh())('in a real zsh, after compinit', () => {
    const fpathDir = join(dir, 'zsh-functions');
    mkdirSync(fpathDir);
    writeFileSync(join(fpathDir, '_cachescope'), script);
    const evalScript = join(dir, 'cachescope.zsh');
    writeFileSync(evalScript, script);
    const loaders = {
      'loaded with eval in .zshrc': `autoload -Uz compinit; compinit -u -D; eval "$(<${evalScript})"`,
      'saved as _cachescope in $fpath': `fpath=(${fpathDir} $fpath); autoload -Uz compinit; compinit -u -D`,
    };

    test.each(Object.entries(loaders))('%s: completes verbs, subcommands, options and choices', async (_how, setup) => {
      const offers = await Promise.all(
        ['cachescope s', 'cachescope keys ', 'cachescope keys get --', 'cachescope lag --w', 'cachescope completion '].map((line) => zshCompletions(setup, line)),
      );
      expect(offers).toEqual([
        ['serve', 'stats'],
        ['analyze', 'compare', 'get'],
        ['--help', '--hex', '--json', '--profile'],
        ['--watch', '--window'],
        ['bash', 'zsh'],
      ]);
      // compinit reads every completion function installed: seconds on a busy machine.
    }, 60_000);
  });
});

/**
 * Drives an interactive zsh in a pseudo-terminal (zsh/zpty): runs `setup`, types `line` and
 * Tab, and records every match the completion system adds (its `compadd` wrapped), then exits.
 */
const zshCapture = `
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PROMPT=''; $1"
zpty -w z 'compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits
  builtin compadd -A hits "$@"
  (( $#hits )) && print -rl -- $hits >> '"\${(q)2}"'
  builtin compadd "$@"
}'
zpty -w z "comppostfuncs=(exit); bindkey '^I' complete-word"
zpty -w z "$3"$'\t'
for i in {1..300}; do
  while zpty -r -t z line; do :; done
  zpty -t z 2>/dev/null || exit 0
  sleep 0.1
done
exit 4
`;

let captures = 0;

/** What zsh offers for `line` (sorted, once each) after `setup`. */
async function zshCompletions(setup: string, line: string): Promise<string[]> {
  const out = join(dir, `zsh-offers-${captures++}`);
  await promisify(execFile)('zsh', ['-f', '-c', zshCapture, 'capture', setup, out, line]);
  const offered = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  return [...new Set(offered)].sort();
}

function hasZsh(): boolean {
  try {
    execFileSync('zsh', ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
}
