/**
 * A client issuing GETs, as an application reading the cache does, in its own process so that
 * its timing is not disturbed by the measured one's CPU:
 * `tsx bench/support/getLatencyProbe.ts <redisUrl> <key> [pauseMs]`. With no pause it sends
 * them back to back (a saturating reader: it takes every bit of CPU the server leaves); with
 * `pauseMs` it waits that long after each (an application's steady reads, ~900 a second at
 * 1 ms). On SIGTERM it prints one JSON line with the count and the p50, p99 and max latency in
 * milliseconds, then exits.
 */
import { Redis } from 'ioredis';

const [url, key = 'probe', pause = '0'] = process.argv.slice(2);
const pauseMs = Number(pause);
const redis = new Redis(url!);
const latencies: number[] = [];
let running = true;

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

process.on('SIGTERM', () => {
  running = false;
});

await redis.set(key, 'v');
process.stdout.write('ready\n');
while (running) {
  const started = performance.now();
  await redis.get(key);
  latencies.push(performance.now() - started);
  if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
const sorted = latencies.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ gets: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? 0 })}\n`);
redis.disconnect();
