/**
 * Whole-keyspace analysis against `redis-cli --memkeys`, side by side in one run:
 *
 *   npm run bench:keys [-- --keys 1000000]   (node --import tsx bench/keys-analysis.ts)
 *
 * One throwaway redis-server on a free port, seeded with `--keys` keys (default 1,000,000):
 * 60 % strings by DEBUG POPULATE, the rest hashes, lists, sets and zsets in a few namespaces,
 * then a TTL on every other key (pipelines). Then, on the same server, one after the other:
 *
 * - idle: nothing but a GET probe;
 * - `redis-cli -p PORT --memkeys` (redis-cli 7.0 has no `--count`: it scans with the server's
 *   default COUNT 10, then pipelines TYPE and MEMORY USAGE for each batch);
 * - CacheScope's `keys.analyze` through the real core (types, memory, and TTLs too).
 *
 * `--rounds N` repeats redis-cli and each pace N times, alternating, and sums up with medians:
 * one run's p99 moves by tens of percent on a shared machine.
 *
 * During each, a GET probe in a separate process measures what an application reading the
 * cache sees (p50/p99/max). INFO commandstats gives each tool's server time per call, and
 * SLOWLOG (threshold 2 ms) the calls that blocked the server longer; /proc the CPU time of
 * the server's main thread (the probe's GETs included). The core's rss and heap are sampled every 50 ms while it
 * analyses.
 */
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { Core } from '../electron/main/core/core';
import { defaultScanPace, type ScanPace } from '../electron/main/core/keys/analyzeKeyspace';
import type { JobSnapshot } from '../shared/contracts/jobs';
import { KeysAnalysisSchema } from '../shared/contracts/keysAnalysis';
import { freePort, ThrowawayRedis } from '../tests/integration/support/throwawayRedis';
import { cpuMicrosOf } from './support/processCpu';
import { cpuPlacement, parseServicePriority, pinProcess, prioritiseProbe, prioritiseService } from './support/servicePriority';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000000' },
    'idle-seconds': { type: 'string', default: '5' },
    /** Scan paces to compare, as scanCount/batchKeys/inFlight; empty: the core's default. */
    paces: { type: 'string', default: '' },
    rounds: { type: 'string', default: '1' },
    /** `closed`: GETs back to back (default); `paced`: one GET a millisecond (support/getLatencyProbe.ts). */
    probe: { type: 'string', default: 'closed' },
    /** How redis-server and the GET probe get the CPU before the tools: realtime, nice or off (bench/support/servicePriority.ts). */
    'service-priority': { type: 'string', default: 'realtime' },
    /** `yes`: the service side on CPU 0, the tools on the others (support/servicePriority.ts); `no` (default): every CPU shared. */
    pin: { type: 'string', default: 'no' },
  },
});
const keyCount = Number(values.keys);
if (values.probe !== 'closed' && values.probe !== 'paced') throw new Error(`--probe must be closed or paced, not ${JSON.stringify(values.probe)}`);
const root = join(import.meta.dirname, '..');

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function seed(redis: Redis): Promise<void> {
  const strings = Math.round(keyCount * 0.6);
  await redis.call('DEBUG', 'POPULATE', String(strings), 'product', '64');
  const others = keyCount - strings;
  const kinds = ['user:profile', 'cart', 'rank:daily', 'tag'];
  for (let start = 0; start < others; start += 5_000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(start + 5_000, others); i++) {
      const kind = i % 4;
      const key = `${kinds[kind]}:${i}`;
      if (kind === 0) pipeline.hset(key, 'name', `n${i}`, 'email', `u${i}@example.com`);
      else if (kind === 1) pipeline.rpush(key, 'a', 'b', 'c');
      else if (kind === 2) pipeline.zadd(key, 1, 'x', 2, 'y');
      else pipeline.sadd(key, 'p', 'q');
      // Every other key with a TTL: spread over the buckets, from seconds to days.
      if (i % 2 === 0) pipeline.pexpire(key, 30_000 + ((i * 7_919) % 864_000_000));
    }
    await pipeline.exec();
  }
  for (let start = 0; start < strings; start += 10_000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(start + 10_000, strings); i += 2) pipeline.pexpire(`product:${i}`, 30_000 + ((i * 7_919) % 864_000_000));
    await pipeline.exec();
  }
}

interface Probe {
  stop(): Promise<{ gets: number; p50: number; p99: number; max: number }>;
}

async function startProbe(url: string): Promise<Probe> {
  const pauseMs = values.probe === 'paced' ? '1' : '0';
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/support/getLatencyProbe.ts'), url, 'bench:probe', pauseMs], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (placement) pinProcess(child.pid!, placement.service);
  prioritiseProbe(child.pid!, servicePriority);
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  while (!output.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 20));
  return {
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      return JSON.parse(output.trim().split('\n').at(-1)!);
    },
  };
}

interface ServerCost {
  calls: Record<string, { calls: number; usecPerCall: number }>;
  slowerThan2ms: number;
  longestUs: number;
}

async function resetServerStats(redis: Redis): Promise<void> {
  await redis.config('RESETSTAT');
  await redis.slowlog('RESET');
}

async function serverCost(redis: Redis, commands: readonly string[]): Promise<ServerCost> {
  const info = await redis.info('commandstats');
  const calls: ServerCost['calls'] = {};
  for (const command of commands) {
    const match = new RegExp(`^cmdstat_${command.replace('|', '\\|')}:calls=(\\d+),usec=\\d+,usec_per_call=([\\d.]+)`, 'm').exec(info);
    if (match) calls[command] = { calls: Number(match[1]), usecPerCall: Number(match[2]) };
  }
  const slow = (await redis.slowlog('GET', 1_000)) as [number, number, number, string[]][];
  const ours = slow.filter((entry) => !['slowlog', 'config', 'info'].includes(String(entry[3][0]).toLowerCase()));
  return { calls, slowerThan2ms: ours.length, longestUs: Math.max(0, ...ours.map((e) => e[2])) };
}

function describeCost(cost: ServerCost): string {
  const calls = Object.entries(cost.calls).map(([c, v]) => `${c} ${v.calls} × ${v.usecPerCall} µs`);
  return `${calls.join(', ')}; calls over 2 ms: ${cost.slowerThan2ms}${cost.slowerThan2ms ? ` (longest ${(cost.longestUs / 1000).toFixed(1)} ms)` : ''}`;
}

/** CPU time of redis-server's main thread, where it runs every command, in milliseconds. */
const cpuMs = (pid: number) => cpuMicrosOf(pid) / 1_000;

async function runRedisCli(port: number): Promise<number> {
  const started = performance.now();
  const child = spawn('redis-cli', ['-p', String(port), '--memkeys'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`redis-cli exited with ${code}`);
  return performance.now() - started;
}

const servicePriority = parseServicePriority(values['service-priority']);
const placement = values.pin === 'yes' ? cpuPlacement() : null;
if (placement) pinProcess(process.pid, placement.tools);

type Pace = Partial<ScanPace>;

function parsePaces(raw: string): Pace[] {
  if (!raw) return [{}];
  return raw.split(',').map((spec) => {
    const [scanCount, batchKeys, inFlight, idleRatio] = spec.split('/').map(Number);
    return { scanCount: scanCount!, batchKeys: batchKeys!, inFlight: inFlight!, ...(idleRatio ? { idleRatio } : {}) };
  });
}

function describePace(pace: Pace): string {
  const { scanCount, batchKeys, inFlight, idleRatio } = { ...defaultScanPace, ...pace };
  return `SCAN ${scanCount}, ${batchKeys} keys a round trip, ${inFlight} in flight${idleRatio ? `, idle ${idleRatio}× each batch's time` : ''}`;
}

async function runCore(url: string, pace: Pace) {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-bench-'));
  const core = await Core.create({ frontEnd: 'cli', env: { CACHESCOPE_HOME: home, REDIS_URL: url }, keysScanPace: pace });
  // With --expose-gc (npm run bench:keys), a collection each second tells live memory from
  // garbage not yet collected, which the 50 ms samples of heapUsed include.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let peakLive = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 50);
  const collector = setInterval(() => {
    if (!gc) return;
    gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  }, 1_000);
  try {
    const started = performance.now();
    const job = await core.invoke('keys.analyze', {});
    const ended = await new Promise<JobSnapshot>((resolve) => {
      const subscription = core.onEvent((event) => {
        const snapshot = event.payload as JobSnapshot;
        if (event.name === 'job.progress' && snapshot.id === job.id && snapshot.state !== 'running') {
          void subscription.dispose();
          resolve(snapshot);
        }
      });
    });
    const wallMs = performance.now() - started;
    const analysis = KeysAnalysisSchema.parse(ended.result);
    return { wallMs, analysis, before, peakRss, peakHeap, peakLive };
  } finally {
    clearInterval(sampler);
    clearInterval(collector);
    await core.dispose();
    rmSync(home, { recursive: true, force: true });
  }
}

const server = new ThrowawayRedis(await freePort(), ['--enable-debug-command', 'yes', '--slowlog-log-slower-than', '2000', '--slowlog-max-len', '1000']);
await server.start();
const redis = new Redis(server.url);
try {
  const serverPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))![1]);
  if (placement) pinProcess(serverPid, placement.service);
  const applied = prioritiseService(serverPid, servicePriority);
  console.log(`redis-cli: ${execFileSync('redis-cli', ['--version']).toString().trim()}; load average at start: ${load()}`);
  console.log(`redis-server: ${applied}; the GET probe: niceness -10 at most, ${values.probe === 'paced' ? 'one GET a millisecond' : 'GETs back to back'}`);
  console.log(placement ? `CPUs: redis-server and the probe on ${placement.service}, redis-cli and CacheScope on ${placement.tools}` : 'CPUs: shared by all');
  const seedStarted = performance.now();
  await seed(redis);
  const dbsize = await redis.dbsize();
  const memory = /used_memory_human:(\S+)/.exec(await redis.info('memory'))?.[1];
  console.log(`seeded ${dbsize.toLocaleString('en-US')} keys (${memory}) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`);

  let probe = await startProbe(server.url);
  await new Promise((resolve) => setTimeout(resolve, Number(values['idle-seconds']) * 1000));
  const idle = await probe.stop();

  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const latency = (what: string, p: Awaited<ReturnType<Probe['stop']>>) =>
    `  ${what.padEnd(34)} p50 ${ms(p.p50)}  p99 ${ms(p.p99)}  max ${ms(p.max)}  (${p.gets} GETs)`;
  const serverCpu = (cpu: number, wallMs: number) => `server CPU ${(cpu / 1000).toFixed(1)} s (${((100 * cpu) / wallMs).toFixed(0)} % of the wall time)`;
  console.log(latency('GET idle', idle));
  const paces = parsePaces(values.paces);
  const rounds = Number(values.rounds);
  const cliRuns: { wallMs: number; p99: number }[] = [];
  const paceRuns = paces.map(() => [] as { wallMs: number; p99: number }[]);
  let peak = { rss: 0, heap: 0, live: 0, rssBefore: 0, heapBefore: 0 };
  for (let round = 1; round <= rounds; round++) {
    if (rounds > 1) console.log(`\nround ${round} of ${rounds}`);
    await resetServerStats(redis);
    probe = await startProbe(server.url);
    const cliCpu = cpuMs(serverPid);
    const cliMs = await runRedisCli(server.port);
    const cliServerCpu = cpuMs(serverPid) - cliCpu;
    const duringCli = await probe.stop();
    const cliCost = await serverCost(redis, ['scan', 'type', 'memory|usage']);
    cliRuns.push({ wallMs: cliMs, p99: duringCli.p99 });
    console.log(`redis-cli --memkeys        ${(cliMs / 1000).toFixed(1)} s   ${describeCost(cliCost)}; ${serverCpu(cliServerCpu, cliMs)}`);
    console.log(latency('GET during redis-cli', duringCli));
    for (const [index, pace] of paces.entries()) {
      await resetServerStats(redis);
      probe = await startProbe(server.url);
      const oursCpu = cpuMs(serverPid);
      const ours = await runCore(server.url, pace);
      const ourServerCpu = cpuMs(serverPid) - oursCpu;
      const duringOurs = await probe.stop();
      const ourCost = await serverCost(redis, ['scan', 'type', 'pttl', 'memory|usage', 'dbsize']);
      paceRuns[index]!.push({ wallMs: ours.wallMs, p99: duringOurs.p99 });
      const a = ours.analysis;
      console.log('');
      console.log(`CacheScope keys.analyze (${describePace(pace)})`);
      console.log(`  ${(ours.wallMs / 1000).toFixed(1)} s   ${describeCost(ourCost)}; ${serverCpu(ourServerCpu, ours.wallMs)}`);
      console.log(`  ${a.scanned.toLocaleString('en-US')} keys analysed (types, memory and TTLs), ${a.namespaces.length} namespaces, ${a.vanished} vanished`);
      console.log(latency('GET during CacheScope', duringOurs));
      console.log(`  wall time ratio CacheScope / redis-cli: ${(ours.wallMs / cliMs).toFixed(2)}`);
      console.log(`  GET p99 ratio CacheScope / redis-cli: ${(duringOurs.p99 / duringCli.p99).toFixed(2)}; CacheScope / idle: ${(duringOurs.p99 / idle.p99).toFixed(2)}`);
      peak = {
        rss: Math.max(peak.rss, ours.peakRss),
        heap: Math.max(peak.heap, ours.peakHeap),
        live: Math.max(peak.live, ours.peakLive),
        rssBefore: ours.before.rss,
        heapBefore: ours.before.heapUsed,
      };
    }
  }
  if (rounds > 1) {
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = sorted.length / 2;
      return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
    };
    console.log(`\nmedians of ${rounds} rounds, each ratio against the redis-cli run of its round`);
    console.log(`  redis-cli --memkeys: ${(median(cliRuns.map((r) => r.wallMs)) / 1000).toFixed(1)} s, GET p99 ${ms(median(cliRuns.map((r) => r.p99)))}`);
    for (const [index, pace] of paces.entries()) {
      const runs = paceRuns[index]!;
      const wall = median(runs.map((r, i) => r.wallMs / cliRuns[i]!.wallMs));
      const p99 = median(runs.map((r, i) => r.p99 / cliRuns[i]!.p99));
      console.log(`  ${describePace(pace)}: wall ${wall.toFixed(2)}×, GET p99 ${p99.toFixed(2)}× (per round: ${runs.map((r, i) => (r.p99 / cliRuns[i]!.p99).toFixed(2)).join(', ')})`);
    }
  }
  console.log('');
  const live = (globalThis as { gc?: () => void }).gc ? `, live after a collection at most ${mb(peak.live)}` : ' (run with --expose-gc for live memory)';
  console.log(`core memory: rss ${mb(peak.rssBefore)} before, peak ${mb(peak.rss)}; heap used ${mb(peak.heapBefore)} before, peak ${mb(peak.heap)}${live}`);
  console.log(`load average: ${load()} at the end`);
} finally {
  redis.disconnect();
  await server.kill();
}
