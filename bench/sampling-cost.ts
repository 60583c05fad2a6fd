/**
 * Sampling cost: the server time CacheScope's stats sampler costs Redis, against
 * `redis-cli --stat` (a plain INFO each second), side by side in one run.
 *
 *   npm run bench:sampling [-- --seconds 60 --load 2000]   (node --expose-gc --import tsx bench/sampling-cost.ts)
 *
 * Both sample the same throwaway redis-server at the same time, once idle and once under a
 * background load of GETs and SETs (a busy cache is the one that matters). SLOWLOG, with its
 * threshold at 0, records every command with the microseconds Redis spent executing it and
 * the client's name: `cachescope` is the sampler, a nameless plain INFO is redis-cli, the rest
 * is the load. Same server, same moments: the machine's noise hits both alike.
 *
 * Then each command shape alone, cold (one call every 150 ms, as once a second) and warm
 * (back to back): what a call costs before it produces anything, and after.
 *
 * Client CPU per sample: the sampler's main-thread CPU time (minus the same while not
 * sampling) and redis-cli's CPU time, both from /proc/…/schedstat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { nodeInterval } from '../electron/main/core/analysis/hitRate';
import { windowHitRates, type IntervalReads } from '../electron/main/core/analysis/hitRateWindows';
import { countersFromInfo, parseInfo } from '../electron/main/core/analysis/redisInfo';
import { cpuMicrosOf } from './support/processCpu';
import { composeSample, mastersInterval } from '../electron/main/core/analysis/statsSample';
import { Core } from '../electron/main/core/core';
import { MetricsHistory } from '../electron/main/core/history/metricsHistory';
import { recordInterval } from '../electron/main/core/history/statsSeries';
import { StatsSamplingSchema } from '../shared/profile';
import { freePort, ThrowawayRedis } from '../tests/integration/support/throwawayRedis';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    keys: { type: 'string', default: '100000' },
    load: { type: 'string', default: '2000' },
  },
});
const seconds = Number(values.seconds);
const keyCount = Number(values.keys);
const loadPerSecond = Number(values.load);
const root = join(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keys to count, and the namespace counters an application would write. */
async function fill(redis: Redis): Promise<void> {
  for (let start = 0; start < keyCount; start += 1_000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(start + 1_000, keyCount); i++) pipeline.set(`product:${i}`, 'x'.repeat(64), 'EX', 3_600);
    await pipeline.exec();
  }
  await redis.hset('cachestats:product', { hits: 900, misses: 100 });
  await redis.hset('cachestats:user', { hits: 90, misses: 10 });
}

interface Call {
  micros: number;
  command: string;
}

/** Every command SLOWLOG kept, by who sent it. */
async function drainSlowlog(redis: Redis): Promise<{ sampler: Call[]; cli: Call[] }> {
  const entries = (await redis.call('SLOWLOG', 'GET', '-1')) as Array<[number, number, number, string[], string, string]>;
  await redis.call('SLOWLOG', 'RESET');
  const sampler: Call[] = [];
  const cli: Call[] = [];
  for (const [, , micros, args, , name] of entries) {
    const command = args.join(' ').toLowerCase();
    if (name === 'cachescope') sampler.push({ micros, command });
    else if (name === '' && command === 'info') cli.push({ micros, command });
  }
  return { sampler, cli };
}

const total = (calls: readonly Call[]) => calls.reduce((sum, c) => sum + c.micros, 0);

/** Calls grouped by what was sent (namespace keys folded): each shape costs about the same. */
function byShape(calls: readonly Call[]): Map<string, Call[]> {
  const shapes = new Map<string, Call[]>();
  for (const call of calls) {
    const shape = call.command.replace(/ \S+:\S+/, ' <key>');
    shapes.set(shape, [...(shapes.get(shape) ?? []), call]);
  }
  return shapes;
}

/**
 * Server time with each call counted at its shape's median: a rare slow call (a page fault,
 * the machine busy elsewhere) then does not decide the ratio.
 */
function typicalTotal(calls: readonly Call[]): number {
  return [...byShape(calls).values()].reduce((sum, shape) => sum + shape.length * median(shape), 0);
}
function median(calls: readonly Call[]): number {
  const sorted = calls.map((c) => c.micros).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * CPU time of this process's main thread so far, in ms: where the sampler's JavaScript and
 * ioredis's reply parsing run (tsx's loader and V8's helpers have threads of their own).
 */
const busyMs = () => cpuMicrosOf(`self/task/${process.pid}`) / 1_000;

/**
 * Each command shape back to back (its code warm in the CPU caches, as on a server that runs
 * it often): µs per call from INFO commandstats, which Redis keeps as a float per command.
 */
async function warmCosts(redis: Redis, shapes: Record<string, string[]>, rounds = 5_000): Promise<Record<string, number>> {
  const costs: Record<string, number> = {};
  for (const [name, args] of Object.entries(shapes)) {
    await redis.config('RESETSTAT');
    for (let i = 0; i < rounds; i++) await redis.call(args[0]!, ...args.slice(1));
    const command = args[0]!.toLowerCase() === 'memory' ? 'memory|usage' : args[0]!.toLowerCase();
    const line = (await redis.info('commandstats')).split('\r\n').find((l) => l.startsWith(`cmdstat_${command}:`));
    costs[name] = Number(/usec_per_call=([\d.]+)/.exec(line ?? '')?.[1] ?? NaN);
  }
  return costs;
}

/**
 * Each command shape once every 150 ms, taking turns, on the otherwise quiet server: what a
 * call costs when its code and memory are cold, as for a call once a second. Median µs from
 * SLOWLOG, over `rounds` calls of each.
 */
async function coldCosts(redis: Redis, shapes: Record<string, string[]>, rounds = 15): Promise<Record<string, number>> {
  await redis.config('SET', 'slowlog-log-slower-than', '0');
  await redis.call('SLOWLOG', 'RESET');
  for (let i = 0; i < rounds; i++) {
    for (const args of Object.values(shapes)) {
      await redis.call(args[0]!, ...args.slice(1));
      await sleep(150);
    }
  }
  const entries = (await redis.call('SLOWLOG', 'GET', '-1')) as Array<[number, number, number, string[]]>;
  const costs: Record<string, number> = {};
  for (const [name, args] of Object.entries(shapes)) {
    const sent = args.join(' ');
    costs[name] = median(entries.filter(([, , , a]) => a.join(' ') === sent).map(([, , micros]) => ({ micros, command: sent })));
  }
  return costs;
}

/**
 * The sampler's own computing per sample, without the event loop and sockets around it: one
 * real INFO reply parsed, diffed, folded into the windows and the history, and composed into
 * a sample, many times over.
 */
async function computeMicrosPerSample(redis: Redis): Promise<number> {
  const reply = await redis.info('stats');
  const history = new MetricsHistory();
  const reads: IntervalReads[] = Array.from({ length: 3_600 }, (_, i) => ({ at: i * 1_000, hits: 9, misses: 1 }));
  let previous = { atMs: 0, counters: countersFromInfo(parseInfo(reply)) };
  const rounds = 5_000;
  const started = performance.now();
  for (let i = 1; i <= rounds; i++) {
    const current = { atMs: i * 1_000, counters: countersFromInfo(parseInfo(reply)) };
    const views = [{ address: 'a', role: 'master' as const, error: null, lastSeenAt: i, counters: current.counters, outcome: nodeInterval(previous, current, 2_500), levels: null }];
    previous = current;
    const interval = mastersInterval(views);
    recordInterval(history, 1_800_000_000_000 + i * 1_000, 1_000, interval);
    composeSample(
      { profileId: 'bench', mode: 'standalone', at: i * 1_000, intervalMs: 1_000, levelsAt: null },
      { views, interval, windows: windowHitRates(reads, 3_600_000), namespaces: [], namespacesNote: null },
    );
  }
  return ((performance.now() - started) / rounds) * 1_000;
}

interface Phase {
  name: string;
  seconds: number;
  sampler: Call[];
  cli: Call[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cachescope-bench-sampling-'));
  const server = new ThrowawayRedis(await freePort(), ['--dir', dir, '--slowlog-log-slower-than', '0', '--slowlog-max-len', '1000000']);
  const children: ChildProcess[] = [];
  let core: Core | undefined;
  let admin: Redis | undefined;
  try {
    await server.start();
    admin = new Redis(server.url, { connectionName: 'bench-admin' });
    await fill(admin);
    const version = /redis_version:(\S+)/.exec(await admin.info('server'))?.[1];

    core = await Core.create({
      frontEnd: 'cli',
      env: { CACHESCOPE_HOME: dir, REDIS_URL: server.url, DATABASE_URL: 'postgres://127.0.0.1:1/none', KAFKA_BROKERS: '127.0.0.1:1' },
    });
    let samples = 0;
    core.onEvent((event) => {
      if (event.name === 'metrics.sample') samples++;
    });
    const idleStart = busyMs();
    await sleep(5_000);
    const baselineBusyPerSecond = (busyMs() - idleStart) / 5;

    await core.invoke('stats.watch', {});
    const cli = spawn('redis-cli', ['-p', String(server.port), '--stat', '-i', '1'], { stdio: 'ignore' });
    children.push(cli);
    // Past the first readings and the JIT's warm-up: count from here.
    await sleep(10_000);

    const phase = async (name: string): Promise<Phase> => {
      await admin!.call('SLOWLOG', 'RESET');
      const started = performance.now();
      await sleep(seconds * 1_000);
      const elapsed = (performance.now() - started) / 1_000;
      return { name, seconds: elapsed, ...(await drainSlowlog(admin!)) };
    };

    /**
     * Client CPU, in a phase of its own: SLOWLOG off and garbage collected first, so that
     * the bench's own reading of tens of thousands of SLOWLOG entries is not counted.
     */
    const clientCpu = async () => {
      await admin!.config('SET', 'slowlog-log-slower-than', '-1');
      globalThis.gc?.();
      const first = samples;
      const busy = busyMs();
      const cliCpu = cpuMicrosOf(cli.pid!);
      const started = performance.now();
      await sleep(seconds * 1_000);
      const elapsed = (performance.now() - started) / 1_000;
      return {
        samplerMsPerSample: (busyMs() - busy - baselineBusyPerSecond * elapsed) / Math.max(1, samples - first),
        cliMsPerSample: (cpuMicrosOf(cli.pid!) - cliCpu) / 1_000 / Math.max(1, Math.round(elapsed)),
      };
    };

    // Loaded first: the first phase also pays for the JIT's warm-up of the sampler's code.
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const load = spawn(process.execPath, [tsx, join(root, 'bench', 'support', 'redisLoad.ts'), String(loadPerSecond), server.url], { stdio: 'ignore' });
    children.push(load);
    await sleep(2_000);
    const loaded = await phase(`${loadPerSecond.toLocaleString('en-US')} ops/s load`);
    const stopped = once(load, 'exit');
    load.kill();
    await stopped;
    await sleep(2_000);
    const idle = await phase('idle');
    const cpu = await clientCpu();

    console.log(`Sampling cost: Redis ${version}, ${keyCount.toLocaleString('en-US')} keys, ${seconds} s per phase, both sampling the same server`);
    console.log('');
    console.log('phase              who                   calls  server µs/s  median µs/call');
    for (const p of [loaded, idle]) {
      const row = (who: string, calls: Call[]) =>
        console.log(
          `${p.name.padEnd(19)}${who.padEnd(20)}${String(calls.length).padStart(7)}${(total(calls) / p.seconds).toFixed(1).padStart(13)}` +
            `${String(median(calls)).padStart(16)}`,
        );
      row('redis-cli --stat', p.cli);
      row('CacheScope sampler', p.sampler);
      for (const [command, calls] of byShape(p.sampler)) {
        console.log(`  ${command.padEnd(37)}${String(calls.length).padStart(7)}${(total(calls) / p.seconds).toFixed(1).padStart(13)}${String(median(calls)).padStart(16)}`);
      }
    }
    console.log('');
    console.log(
      `client CPU per sample (main thread, ${seconds} s, idle): CacheScope sampler ${cpu.samplerMsPerSample.toFixed(3)} ms, ` +
        `redis-cli --stat ${cpu.cliMsPerSample.toFixed(3)} ms`,
    );
    console.log(`  of which the sampler's own computing (parse, diff, windows, history, sample): ${(await computeMicrosPerSample(admin)).toFixed(1)} µs`);
    // Stop both samplers before the warm loop so that it alone runs on the server.
    for (const child of children) child.kill();
    await core.dispose();
    core = undefined;
    const shapes = {
      info: ['INFO'],
      stats: ['INFO', 'stats'],
      levels: ['INFO', 'stats', 'memory', 'clients', 'keyspace'],
      memoryUsage: ['MEMORY', 'USAGE', 'cachestats:product', 'SAMPLES', '1'],
      hmget: ['HMGET', 'cachestats:product', 'hits', 'misses'],
    };
    const cold = await coldCosts(admin, { ...shapes, ping: ['PING'], keyspace: ['INFO', 'keyspace'] });
    const warm = await warmCosts(admin, shapes);
    // The sampler's mix at the profile defaults: INFO stats each tick but the level tick, which
    // reads the level sections too, then one HMGET per namespace (2 here; MEMORY USAGE only
    // for a namespace not seen the time before), per second.
    const { intervalMs, levelIntervalMs } = StatsSamplingSchema.parse({});
    const ticksPerLevel = levelIntervalMs / intervalMs;
    const samplerPerSecond =
      (((ticksPerLevel - 1) * warm.stats! + warm.levels! + 2 * warm.hmget!) / ticksPerLevel) * (1_000 / intervalMs);

    console.log('');
    const us = (value: number | undefined) => value!.toFixed(2);
    console.log('back to back (warm), µs per call:');
    console.log(
      `  INFO ${us(warm.info)}   INFO stats ${us(warm.stats)}   INFO stats memory clients keyspace ${us(warm.levels)}   ` +
        `MEMORY USAGE ${us(warm.memoryUsage)}   HMGET ${us(warm.hmget)}`,
    );
    console.log('cold (one call every 150 ms, taking turns, median of 15), µs per call:');
    console.log(
      `  PING ${cold.ping}   HMGET ${cold.hmget}   INFO keyspace ${cold.keyspace}   INFO stats ${cold.stats}   ` +
        `INFO stats memory clients keyspace ${cold.levels}   INFO ${cold.info}   → INFO stats / INFO ${(cold.stats! / cold.info!).toFixed(3)}`,
    );
    console.log('');
    const verdict = (ratio: number) => `${ratio.toFixed(3)}  (target ≤ 0.333: ${ratio <= 1 / 3 ? 'met' : 'not met'})`;
    for (const p of [loaded, idle]) {
      console.log(`${`live, ${p.name}`.padEnd(26)}server time, sampler / redis-cli --stat: ${verdict(total(p.sampler) / total(p.cli))}`);
      console.log(`${''.padEnd(26)}each call at its median:                 ${verdict(typicalTotal(p.sampler) / typicalTotal(p.cli))}`);
    }
    const warmRatio = samplerPerSecond / warm.info!;
    console.log(`${'warm, per-second mix'.padEnd(26)}server time, sampler / redis-cli --stat: ${warmRatio.toFixed(3)}  (target ≤ 0.333: ${warmRatio <= 1 / 3 ? 'met' : 'not met'})`);
  } finally {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }
    await core?.dispose();
    admin?.disconnect();
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
