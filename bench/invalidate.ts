/**
 * Deleting 500k keys of a 1M-key keyspace by pattern: CacheScope's invalidation job (SCAN
 * COUNT 500 + UNLINK in batches of 250, the next SCAN in flight while a batch is unlinked)
 * side by side with the usual shell line
 *
 *   redis-cli --scan --pattern 'inv:*' --count 1000 | xargs -n 1000 redis-cli unlink
 *
 * in the same run, against a throwaway redis-server on a free port, re-seeded before each run.
 * For each run: wall time, the longest single server call (SLOWLOG with
 * slowlog-log-slower-than 0, reset before the run) and the p99 of GETs a second client sends
 * about once a millisecond from a process of its own while the deletion runs.
 *
 *   npm run bench:invalidate [-- --keys 1000000 --runs 3]
 *
 * Prints medians and the ratios CacheScope / redis-cli (target: wall time ≤ 1.0×, longest call ≤ 2 ms).
 */
import { execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Redis } from 'ioredis';
import { AppError } from '../shared/errors';
import { invalidateKeys } from '../electron/main/core/controls/invalidateKeys';
import { freePort, ThrowawayRedis } from '../tests/integration/support/throwawayRedis';
import { cpuPlacement, parseServicePriority, pinProcess, prioritiseProbe, prioritiseService } from './support/servicePriority';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    /** How redis-server and the GET probe get the CPU before the tools: realtime, nice or off (support/servicePriority.ts). */
    'service-priority': { type: 'string', default: 'realtime' },
    /** `yes`: the service side on CPU 0, the tools on the others (support/servicePriority.ts); `no` (default): every CPU shared. */
    pin: { type: 'string', default: 'no' },
  },
});
const servicePriority = parseServicePriority(values['service-priority']);
const placement = values.pin === 'yes' ? cpuPlacement() : null;
if (placement) pinProcess(process.pid, placement.tools);
const total = Number(values.keys);
const runs = Number(values.runs);
const matching = Math.floor(total / 2);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Measure {
  wallMs: number;
  longestCallUs: number;
  longestCommand: string;
  /** Server calls that took longer than 2 ms, and all calls (SLOWLOG with threshold 0). */
  callsOver2ms: number;
  calls: number;
  getP99Ms: number;
  gets: number;
  left: number;
}

async function seed(admin: Redis): Promise<void> {
  await admin.flushall();
  await admin.call('DEBUG', 'POPULATE', String(matching), 'inv');
  await admin.call('DEBUG', 'POPULATE', String(total - matching), 'keep');
}

/** Runs `deletion` while a client in another process GETs a key every millisecond or so; reads SLOWLOG afterwards. */
async function measure(admin: Redis, port: number, deletion: () => Promise<void>): Promise<Measure> {
  await admin.config('SET', 'slowlog-log-slower-than', '0');
  await admin.config('SET', 'slowlog-max-len', '1000000');
  await admin.call('SLOWLOG', 'RESET');
  const probe = fork(join(import.meta.dirname, 'support', 'getProbe.ts'), [String(port)], { execArgv: ['--import', 'tsx'] });
  if (placement) pinProcess(probe.pid!, placement.service);
  prioritiseProbe(probe.pid!, servicePriority);
  const answer = once(probe, 'message') as Promise<[{ p99: number; count: number }]>;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const started = performance.now();
  await deletion();
  const wallMs = performance.now() - started;
  probe.send('stop');
  const [{ p99, count }] = await answer;
  await admin.config('SET', 'slowlog-log-slower-than', '10000');
  const entries = (await admin.call('SLOWLOG', 'GET', '-1')) as [number, number, number, (string | Buffer)[]][];
  let longestCallUs = 0;
  let longestCommand = '';
  let callsOver2ms = 0;
  let calls = 0;
  for (const [, , micros, args] of entries) {
    const name = String(args[0]).toUpperCase();
    if (name === 'SLOWLOG' || name === 'CONFIG' || name === 'GET') continue;
    calls++;
    if (micros > 2_000) callsOver2ms++;
    if (micros > longestCallUs) {
      longestCallUs = micros;
      longestCommand = name;
    }
  }
  return { wallMs, longestCallUs, longestCommand, callsOver2ms, calls, getP99Ms: p99, gets: count, left: await admin.dbsize() };
}

async function cacheScope(port: number): Promise<void> {
  const client = new Redis(port, { enableOfflineQueue: false });
  await new Promise((resolve) => client.once('ready', resolve));
  try {
    const result = await invalidateKeys(
      { client, masters: [{ address: `127.0.0.1:${port}`, client }], broadcastChannel: null, requestedBy: 'bench', explainFailure: (err) => new AppError('UNAVAILABLE', String(err)) },
      { target: { by: 'pattern', pattern: 'inv:*', hex: false }, batchSize: 500 },
      { signal: new AbortController().signal, progress: () => undefined },
    );
    if (result.deleted !== matching) throw new Error(`CacheScope deleted ${result.deleted}, expected ${matching}`);
  } finally {
    client.disconnect();
  }
}

/** `--scan --count` came with redis-cli 7.2; an older one scans with Redis's default COUNT 10. */
async function scanCountOption(port: number): Promise<string> {
  try {
    await run('redis-cli', ['-p', String(port), '--scan', '--pattern', 'none', '--count', '1000']);
    return '--count 1000';
  } catch {
    return '';
  }
}

let countOption = '';

async function redisCli(port: number): Promise<void> {
  await run('sh', ['-c', `redis-cli -p ${port} --scan --pattern 'inv:*' ${countOption} | xargs -n 1000 redis-cli -p ${port} unlink > /dev/null`], { maxBuffer: 64 * 1024 * 1024 });
}

const server = new ThrowawayRedis(await freePort(), ['--enable-debug-command', 'yes']);
await server.start();
const admin = new Redis(server.port);
const results: Record<'cachescope' | 'redisCli', Measure[]> = { cachescope: [], redisCli: [] };
countOption = await scanCountOption(server.port);
const serverPid = Number(/process_id:(\d+)/.exec(await admin.info('server'))![1]);
if (placement) pinProcess(serverPid, placement.service);
const applied = prioritiseService(serverPid, servicePriority);
console.log(`redis-server: ${applied}; the GET probe: niceness -10 at most`);
console.log(placement ? `CPUs: redis-server and the probe on ${placement.service}, redis-cli and CacheScope on ${placement.tools}` : 'CPUs: shared by all');
console.log(`redis-cli: ${(await run('redis-cli', ['--version'])).stdout.trim()}${countOption ? '' : ' (no --count: it scans with COUNT 10)'}`);
try {
  for (let i = 0; i < runs; i++) {
    for (const [name, deletion] of [['cachescope', cacheScope], ['redisCli', redisCli]] as const) {
      await seed(admin);
      const m = await measure(admin, server.port, () => deletion(server.port));
      if (m.left !== total - matching) throw new Error(`${name} left ${m.left} keys, expected ${total - matching}`);
      results[name].push(m);
      console.log(`run ${i + 1} ${name.padEnd(10)} ${m.wallMs.toFixed(0).padStart(6)} ms wall, longest call ${m.longestCallUs} µs (${m.longestCommand}), ${m.callsOver2ms} of ${m.calls} calls over 2 ms, GET p99 ${m.getP99Ms.toFixed(2)} ms over ${m.gets} GETs`);
    }
  }
} finally {
  admin.disconnect();
  await server.kill();
}

const summary = (ms: Measure[]) => ({
  wallMs: median(ms.map((m) => m.wallMs)),
  longestCallUs: Math.max(...ms.map((m) => m.longestCallUs)),
  callsOver2ms: ms.reduce((sum, m) => sum + m.callsOver2ms, 0),
  calls: ms.reduce((sum, m) => sum + m.calls, 0),
  getP99Ms: median(ms.map((m) => m.getP99Ms)),
});
const ours = summary(results.cachescope);
const theirs = summary(results.redisCli);
console.log(`\n${matching} of ${total} keys deleted by pattern, median of ${runs} runs`);
const over = (x: ReturnType<typeof summary>) => `${x.callsOver2ms} of ${x.calls}`.padStart(19);
console.log(`              wall ms   longest call µs   calls over 2 ms (all runs)   GET p99 ms`);
console.log(`CacheScope   ${ours.wallMs.toFixed(0).padStart(8)}   ${String(ours.longestCallUs).padStart(15)}   ${over(ours)}          ${ours.getP99Ms.toFixed(2).padStart(10)}`);
console.log(`redis-cli    ${theirs.wallMs.toFixed(0).padStart(8)}   ${String(theirs.longestCallUs).padStart(15)}   ${over(theirs)}          ${theirs.getP99Ms.toFixed(2).padStart(10)}`);
console.log(`ratio (CacheScope / redis-cli): wall ${(ours.wallMs / theirs.wallMs).toFixed(2)}×, longest call ${(ours.longestCallUs / theirs.longestCallUs).toFixed(2)}×, GET p99 ${(ours.getP99Ms / theirs.getP99Ms).toFixed(2)}×`);
