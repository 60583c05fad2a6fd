/**
 * A client in a process of its own that GETs one key about once a millisecond and, when told
 * to stop, answers with its latencies' p99: the latency other clients see while a deletion
 * runs, measured outside the process doing the deletion (whose event loop would add its own).
 */
import { Redis } from 'ioredis';

const port = Number(process.argv[2]);
const redis = new Redis(port);
const latencies: number[] = [];
let running = true;

process.on('message', () => {
  running = false;
});

while (running) {
  const started = performance.now();
  await redis.get('keep:1');
  latencies.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 1));
}
latencies.sort((a, b) => a - b);
process.send!({ p99: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0, count: latencies.length });
redis.disconnect();
process.disconnect();
