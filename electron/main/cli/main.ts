import { parseArgs } from 'node:util';
import { toAppErrorData } from '../../../shared/errors';
import { Core } from '../core/core';
import { exitCodes, type CliResult } from './cliResult';
import { healthVerb } from './verbs/health';
import { flushVerb } from './verbs/flush';
import { lagVerb } from './verbs/lag';
import { statsVerb } from './verbs/stats';
import { keysVerb } from './verbs/keys';
import { auditVerb } from './verbs/audit';
import { flushCacheVerb, invalidateVerb } from './verbs/invalidate';
import type { Verb } from './verbOptions';

const usage = `usage: cachescope <verb> [--json] [--profile ID]

verbs:
  health    probe Redis, PostgreSQL and Kafka once; exit 0 when all three answer
  lag       write-behind lag per partition in records and time, status, DLQ depth;
            exit 0 when OK within the SLA [--group G] [--topic T] [--window S]
  flush     publish a flush command and print the flushers' acks; --wait also waits
            until the writes queued at that moment are persisted [--timeout S]
  stats     Redis hit rate, ops/s, memory, evictions per node and namespace; exit 0
            when every master answers; --watch prints a line per interval [--count N]
  keys get <key>
            one key: type, encoding, TTL and expiry, memory, idle time and a bounded
            preview of its value; --hex when <key> is the key's bytes in hex; exit 1
            when the key does not exist (a key starting with "-" goes after "--")
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
  --window S    lag: sample for S seconds, so the status is judged over a window
  --wait        flush: wait until the queued writes are persisted (drainedMs)
  --timeout S   flush: give up after S seconds (60; acks are awaited 10 s at most)
  --watch       stats: keep sampling, a line per interval until Ctrl-C
  --count N     stats --watch: stop after N lines
  --hex         keys get, invalidate: keys and patterns are given as bytes in hex
  --yes         invalidate, flush-cache: confirm; without it a destructive verb refuses

exit codes: 0 ok, 1 unhealthy, 2 bad usage, 3 error, 4 refused (read-only profile)`;

const verbs: Record<string, Verb> = {
  health: healthVerb,
  lag: lagVerb,
  flush: flushVerb,
  stats: statsVerb,
  keys: keysVerb,
  invalidate: invalidateVerb,
  'flush-cache': flushCacheVerb,
  audit: auditVerb,
};

/** Verbs that take positional arguments (a subcommand, a key); the others refuse any. */
const verbsWithArguments = new Set(['keys']);

async function run(argv: string[]): Promise<CliResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
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
        hex: { type: 'boolean', default: false },
        pattern: { type: 'string' },
        key: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        report: { type: 'string' },
        namespace: { type: 'string' },
        db: { type: 'boolean', default: false },
        since: { type: 'string' },
      },
    });
  } catch (err) {
    return { output: '', exitCode: exitCodes.usage, reason: `${(err as Error).message}\n\n${usage}` };
  }
  const { values, positionals } = parsed;
  const [verbName, ...extra] = positionals;
  if (values.help || !verbName) return { output: usage, exitCode: values.help ? exitCodes.ok : exitCodes.usage };
  const verb = verbs[verbName];
  if (!verb || (extra.length > 0 && !verbsWithArguments.has(verbName))) {
    const what = verb ? `unexpected argument "${extra[0]}"` : `unknown verb "${verbName}"`;
    return { output: '', exitCode: exitCodes.usage, reason: `${what}\n\n${usage}` };
  }
  const core = await Core.create({ frontEnd: 'cli', ...(values.profile ? { profileId: values.profile } : {}) });
  try {
    return await verb(core, values.json, { ...values, dryRun: values['dry-run'], args: extra });
  } finally {
    await core.dispose();
  }
}

run(process.argv.slice(2)).then(
  ({ output, exitCode, reason }) => {
    if (output) process.stdout.write(`${output}\n`);
    if (reason) process.stderr.write(`cachescope: ${reason}\n`);
    // Drivers may hold sockets in TIME_WAIT-like states for a moment; the answer is out.
    process.exit(exitCode);
  },
  (err: unknown) => {
    const data = toAppErrorData(err);
    const json = process.argv.includes('--json');
    if (json) process.stdout.write(`${JSON.stringify({ error: data })}\n`);
    process.stderr.write(`cachescope: ${data.message}\n`);
    process.exit(data.code === 'READ_ONLY' ? exitCodes.readOnly : exitCodes.error);
  },
);
