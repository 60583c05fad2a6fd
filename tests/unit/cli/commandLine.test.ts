import { describe, expect, test } from 'vitest';
import { parseCommandLine } from '../../../electron/main/cli/commandLine';
import { defineVerb } from '../../../electron/main/cli/verb';
import { verbs } from '../../../electron/main/cli/verbs/index';

const run = async () => ({ output: '', exitCode: 0 });
const probe = defineVerb({
  name: 'probe',
  summary: 'a verb for the test',
  arguments: [
    { name: 'target', description: 'what to probe' },
    { name: 'mode', description: 'how', optional: true, choices: ['fast', 'slow'] },
  ],
  options: {
    json: { type: 'boolean', description: 'JSON' },
    limit: { type: 'string', value: 'N', description: 'at most N' },
    level: { type: 'string', choices: ['low', 'high'], description: 'a level' },
  },
  run,
});
const parse = (...argv: string[]) => parseCommandLine(argv, [probe], '9.9.9');

describe('parseCommandLine', () => {
  test('a verb with its arguments and declared options', () => {
    const line = parse('probe', 'db', '--limit', '5', 'fast', '--json');
    expect(line).toMatchObject({ kind: 'run', verb: probe, positionals: ['db', 'fast'] });
    expect(line.kind === 'run' && line.values).toEqual({ limit: '5', json: true });
  });

  test('help and version, global and per verb', () => {
    expect(parse('--help')).toMatchObject({ kind: 'help', text: expect.stringContaining('probe  a verb for the test') });
    expect(parse('-h')).toMatchObject({ kind: 'help' });
    expect(parse('--version')).toEqual({ kind: 'version', text: '9.9.9' });
    expect(parse('probe', '--help')).toMatchObject({ kind: 'help', text: expect.stringContaining('usage: cachescope probe target [mode] [--json] [--limit N]') });
  });

  test('an unknown option is named, with the verb', () => {
    expect(parse('probe', 'db', '--limt', '5')).toMatchObject({ kind: 'usage', reason: 'unknown option "--limt" for probe' });
    expect(parse('probe', 'db', '-x')).toMatchObject({ kind: 'usage', reason: 'unknown option "-x" for probe' });
    expect(parse('probe', 'db', '--limt')).toMatchObject({ help: expect.stringContaining('cachescope probe --help') });
  });

  test('unknown verbs, missing and surplus arguments, bad values and choices', () => {
    expect(parse('frobnicate')).toMatchObject({ kind: 'usage', reason: 'unknown verb "frobnicate"', help: expect.stringContaining('usage: cachescope') });
    expect(parse()).toMatchObject({ kind: 'usage', reason: 'no verb given' });
    expect(parse('--json', 'probe')).toMatchObject({ kind: 'usage', reason: 'the verb comes first, before options like "--json"' });
    expect(parse('probe')).toMatchObject({ kind: 'usage', reason: 'probe needs target' });
    expect(parse('probe', 'a', 'fast', 'c')).toMatchObject({ kind: 'usage', reason: 'unexpected argument "c"' });
    expect(parse('probe', 'a', 'medium')).toMatchObject({ kind: 'usage', reason: 'mode must be one of fast, slow' });
    expect(parse('probe', 'a', '--level', 'mid')).toMatchObject({ kind: 'usage', reason: '--level must be one of low, high, got "mid"' });
    expect(parse('probe', 'a', '--limit')).toMatchObject({ kind: 'usage', reason: expect.stringContaining("'--limit <value>' argument missing") });
    expect(parse('probe', 'a', '--json=yes')).toMatchObject({ kind: 'usage', reason: expect.stringContaining("'--json' does not take an argument") });
  });
});

describe('the registry', () => {
  test('every verb has a unique name, a summary and described options', () => {
    const names = verbs.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const verb of verbs) {
      expect(verb.name).toMatch(/^[a-z][a-z-]*( [a-z][a-z-]*)?$/);
      expect(verb.summary.length).toBeGreaterThan(0);
      for (const [name, option] of Object.entries(verb.options)) {
        expect(name).toMatch(/^[a-z][a-z-]*$/);
        expect(option.description.length, `${verb.name} --${name}`).toBeGreaterThan(0);
      }
    }
  });

  test('a subcommand is named by two words; its group alone names its subcommands', () => {
    const line = parseCommandLine(['keys', 'get', '--hex', '6b'], verbs, '1.0.0');
    expect(line).toMatchObject({ kind: 'run', verb: { name: 'keys get' }, positionals: ['6b'], values: { hex: true } });
    expect(parseCommandLine(['keys'], verbs, '1.0.0')).toMatchObject({ kind: 'usage', reason: 'keys needs a subcommand: analyze, get, compare' });
    expect(parseCommandLine(['keys', 'drop'], verbs, '1.0.0')).toMatchObject({
      kind: 'usage',
      reason: 'keys needs a subcommand: analyze, get, compare (not "drop")',
    });
  });

  test('each verb reads its own options: --db takes a number for keys analyze and none for flush-cache', () => {
    expect(parseCommandLine(['keys', 'analyze', '--db', '2'], verbs, '1.0.0')).toMatchObject({ kind: 'run', values: { db: '2' } });
    expect(parseCommandLine(['flush-cache', '--db', '--yes'], verbs, '1.0.0')).toMatchObject({ kind: 'run', values: { db: true, yes: true } });
    expect(parseCommandLine(['invalidate', '--key', 'a', '--key', 'b'], verbs, '1.0.0')).toMatchObject({ kind: 'run', values: { key: ['a', 'b'] } });
  });

  test('the global help lists every verb and the exit codes', () => {
    const line = parseCommandLine(['--help'], verbs, '1.0.0');
    if (line.kind !== 'help') throw new Error(line.kind);
    for (const verb of verbs) expect(line.text).toContain(`  ${verb.name} `);
    expect(line.text).toMatch(/^ {2}2 {2}bad usage/m);
  });
});
