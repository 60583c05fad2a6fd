/**
 * Background traffic for a benchmark, in its own process so that its CPU is not the
 * measured one's: `tsx bench/support/redisLoad.ts <opsPerSec> <redisUrl>...` sends GETs
 * (9 in 10 hit) and a few SETs to each server until killed.
 */
import { Redis } from 'ioredis';

const [rate, ...urls] = process.argv.slice(2);
const opsPerTick = Math.max(1, Math.round(Number(rate) / 100));
const clients = urls.map((url) => new Redis(url));
let n = 0;
setInterval(() => {
  for (const client of clients) {
    const pipeline = client.pipeline();
    for (let i = 0; i < opsPerTick; i++, n++) {
      if (n % 20 === 0) pipeline.set(`product:${n % 100_000}`, 'y'.repeat(64), 'EX', 3_600);
      else pipeline.get(n % 10 === 0 ? `missing:${n}` : `product:${n % 100_000}`);
    }
    void pipeline.exec();
  }
}, 10);
