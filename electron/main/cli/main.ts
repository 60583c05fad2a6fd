import { parseArgs } from 'node:util';
import { toAppErrorData } from '../../../shared/errors';
import { terminalText } from '../core/analysis/terminalText';
import { Core } from '../core/core';
import { startProcessLog } from '../core/logging/processLog';
import { defaultUserDataDir } from '../core/profiles/userDataDir';
import { exitCodes, type CliResult } from './cliResult';
import { healthVerb } from './verbs/health';
import { flushVerb } from './verbs/flush';
import { lagVerb } from './verbs/lag';
import { statsVerb } from './verbs/stats';
import { keysSubcommands } from './verbs/keys';
import { auditVerb } from './verbs/audit';
import { flushCacheVerb, invalidateVerb } from './verbs/invalidate';
import type { Verb } from './verbOptions';

const usage = `usage: cachescope <verb> [--json] [--profile ID]

verbs:
  health    probe Redis, PostgreSQL and Kafka once; exit 0 when all three answer
  lag       write-behind lag per partition in records and time, status, DLQ depth;
            exit 0 when keeping up within the SLA [--group G] [--topic T] [--window S] [--all]
  flush     publish a flush command and print the flushers' acks; --wait also waits
            until the writes queued at that moment are persisted [--timeout S]
  stats     Redis hit rate, ops/s, memory, evictions per node and namespace; exit 0
            when every master answers; --watch prints a line per interval [--count N]
  keys get <key>
            one key: type, encoding, TTL and expiry, memory, idle time and a bounded
            preview of its value; --hex when <key> is the key's bytes in hex; exit 1
            when the key does not exist (a key starting with "-" goes after "--")
  keys analyze
            every key's type, TTL and memory (every master of a Cluster): namespaces,
            TTL buckets, types, biggest keys, keys expiring within a minute; Ctrl-C
            cancels [--match P] [--db N] [--delimiter D] [--depth N] [--samples N] [--top N]
  invalidate --pattern P | --key K [--key K2 …] [--hex] (--dry-run | --yes)
            delete keys by Redis glob (SCAN MATCH semantics) or by name on every
            master; --dry-run prints matched, memory, a sample and pending writes
            and deletes nothing; --yes deletes [--report FILE lists each key]
  flush-cache --namespace NS | --db --yes
            delete everything under <NS>: (escaped), or FLUSHDB ASYNC on every master
  audit     the audit log of control actions, newest first [--since 1h] [--count N]

options:
  --json        print JSON on stdout
  --profile ID  use another profile than "local" (see profiles.json)
  --group G     lag: another consumer group than the profile's flusher group
  --topic T     lag: another topic than the group's
  --window S    lag: read once a second for S seconds (2; 0 for one reading) and judge over them
  --all         lag: list every partition, the caught-up ones too
  --wait        flush: wait until the queued writes are persisted (drainedMs)
  --timeout S   flush: give up after S seconds (60; acks are awaited 10 s at most)
  --watch       stats: keep sampling, a line per interval until Ctrl-C
  --count N     stats --watch: stop after N lines
  --match P     keys analyze: only keys matching the glob P (SCAN MATCH)
  --db N        keys analyze: database N instead of the profile's;
                flush-cache: --db (no value) flushes the whole database
  --delimiter D keys analyze: what splits names into namespaces (":")
  --depth N     keys analyze: namespace levels kept (3)
  --samples N   keys analyze: MEMORY USAGE samples per collection (5; 0 = all)
  --top N       keys analyze: how many biggest and expiring keys are listed (50)
  --hex         keys get, invalidate: keys and patterns are given as bytes in hex
  --yes         invalidate, flush-cache: confirm; without it a destructive verb refuses

exit codes: 0 ok, 1 unhealthy, 2 bad usage, 3 error, 4 refused (read-only profile)`;

/** A verb, or a table of subcommands (`keys analyze`). */
const verbs: Record<string, Verb | Record<string, Verb>> = {
  health: healthVerb,
  lag: lagVerb,
  flush: flushVerb,
  stats: statsVerb,
  keys: keysSubcommands,
  invalidate: invalidateVerb,
  'flush-cache': flushCacheVerb,
  audit: auditVerb,
};

/** The verb the positionals name, or what is wrong with them. */
function resolveVerb(positionals: readonly string[]): { verb: Verb; args: string[] } | string {
  const [verbName = '', ...rest] = positionals;
  const entry = verbs[verbName];
  if (!entry) return `unknown verb "${verbName}"`;
  if (typeof entry === 'function') return rest.length === 0 ? { verb: entry, args: [] } : `unexpected argument "${rest[0]}"`;
  const [subcommand, ...extra] = rest;
  const verb = subcommand === undefined ? undefined : entry[subcommand];
  if (!verb) return `${verbName} needs a subcommand: ${Object.keys(entry).join(', ')}${subcommand === undefined ? '' : ` (not "${subcommand}")`}`;
  return { verb, args: extra };
}

const options = {
    json: { type: 'boolean', default: false },
    profile: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    group: { type: 'string' },
    topic: { type: 'string' },
    window: { type: 'string' },
    wait: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    watch: { type: 'boolean', default: false },
    count: { type: 'string' },
    all: { type: 'boolean', default: false },
    hex: { type: 'boolean', default: false },
    match: { type: 'string' },
    db: { type: 'string' },
    delimiter: { type: 'string' },
    depth: { type: 'string' },
    samples: { type: 'string' },
    top: { type: 'string' },
    pattern: { type: 'string' },
    key: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    report: { type: 'string' },
    namespace: { type: 'string' },
    since: { type: 'string' },
} as const;

/** `keys analyze --db N` picks a database; `flush-cache --db` (no value) flushes the whole one. */
function optionsFor(argv: string[]) {
  const { positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: false });
  return positionals[0] === 'flush-cache' ? { ...options, db: { type: 'boolean', default: false } } as const : options;
}

async function run(argv: string[]): Promise<CliResult> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: optionsFor(argv) });
  } catch (err) {
    return { output: '', exitCode: exitCodes.usage, reason: `${(err as Error).message}\n\n${usage}` };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { output: usage, exitCode: values.help ? exitCodes.ok : exitCodes.usage };
  const resolved = resolveVerb(positionals);
  if (typeof resolved === 'string') return { output: '', exitCode: exitCodes.usage, reason: `${resolved}\n\n${usage}` };
  const { verb, args } = resolved;
  const userDataDir = defaultUserDataDir();
  startProcessLog({ userDataDir, fatal: () => process.exit(exitCodes.error) });
  const core = await Core.create({ frontEnd: 'cli', userDataDir, ...(values.profile ? { profileId: values.profile } : {}) });
  try {
    return await verb(core, values.json, { ...values, dryRun: values['dry-run'], args });
  } finally {
    await core.dispose();
  }
}

// Text output quotes worker names, client ids and server messages: no control character
// from them reaches the terminal. JSON escapes its own.
const printable = (text: string) => terminalText(text, { keepNewlines: true });

run(process.argv.slice(2)).then(
  ({ output, exitCode, reason }) => {
    if (output) process.stdout.write(`${process.argv.includes('--json') ? output : printable(output)}\n`);
    if (reason) process.stderr.write(`cachescope: ${printable(reason)}\n`);
    // Drivers may hold sockets in TIME_WAIT-like states for a moment; the answer is out.
    process.exit(exitCode);
  },
  (err: unknown) => {
    const data = toAppErrorData(err);
    const json = process.argv.includes('--json');
    if (json) process.stdout.write(`${JSON.stringify({ error: data })}\n`);
    process.stderr.write(`cachescope: ${printable(data.message)}\n`);
    process.exit(data.code === 'READ_ONLY' ? exitCodes.readOnly : exitCodes.error);
  },
);
