import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(complete('lag', '--')).toEqual(['--group', '--topic', '--window', '--all', '--json', '--profile', '--help']);
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
});

function hasZsh(): boolean {
  try {
    execFileSync('zsh', ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
}
