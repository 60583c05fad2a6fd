import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { expectNoLeaks } from '../support/leaks';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { runAnalysis } from '../keys/support';
import { collectSamples, expectSane, testHome } from './support';

let server: ThrowawayRedis;
let redis: Redis;
const home = testHome();

beforeAll(async () => {
  server = new ThrowawayRedis(await freePort());
  await server.start();
  redis = new Redis(server.url, { maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.kill();
  home.remove();
});

/** 7 hits and 3 misses, nothing else read. */
async function knownReads(prefix: string): Promise<void> {
  for (let i = 0; i < 7; i++) await redis.set(`${prefix}:${i}`, 'v');
  for (let i = 0; i < 7; i++) await redis.get(`${prefix}:${i}`);
  for (let i = 0; i < 3; i++) await redis.get(`${prefix}:missing:${i}`);
}

describe('Redis stats against a standalone server', () => {
  test('a known sequence of GETs gives exact hits, misses and hit rate', async () => {
    await redis.config('RESETSTAT');
    await knownReads('exact');
    const core = await home.core({ redisUrl: server.url });
    try {
      const sample = await core.invoke('stats.snapshot', { fresh: true });
      expect(sample).toMatchObject({ mode: 'standalone', hits: 7, misses: 3, hitRate: 0.7, mastersUp: 1, mastersTotal: 1, error: null });
      expect(sample.nodes).toEqual([
        expect.objectContaining({ address: `127.0.0.1:${server.port}`, role: 'master', state: 'up', hits: 7, misses: 3, hitRate: 0.7 }),
      ]);
      expect(sample.usedMemory).toBeGreaterThan(0);
      expect(sample.maxMemoryPolicy).toBe('noeviction');
      expect(sample.keyspace).toEqual([{ db: 0, keys: 7, expires: 0 }]);
      expect(sample.namespaces).toEqual([]);
      expect(sample.namespacesNote).toMatch(/cachestats:product, cachestats:user/);
      // Reading the stats read nothing: a second snapshot sees the same counts.
      expect(await core.invoke('stats.snapshot', { fresh: true })).toMatchObject({ hits: 7, misses: 3 });
    } finally {
      await core.dispose();
    }
  });

  test('namespace counters, when the application writes them, give per-namespace hit rates', async () => {
    await redis.hset('cachestats:product', { hits: 90, misses: 10 });
    const core = await home.core({ redisUrl: server.url });
    try {
      const sample = await core.invoke('stats.snapshot', { fresh: true });
      expect(sample.namespaces).toEqual([{ namespace: 'product', hits: 90, misses: 10, hitRate: 0.9, intervalHitRate: null }]);
      expect(sample.namespacesNote).toBeNull();
    } finally {
      await core.dispose();
      await redis.del('cachestats:product');
    }
  });

  test('interval and window rates count exactly the reads made; quiet intervals have no hit rate', async () => {
    await expectNoLeaks(async () => {
      const core = await home.core({ redisUrl: server.url });
      const watched = collectSamples(core);
      try {
        await core.invoke('stats.watch', {});
        const [idle] = await watched.next(2).then((s) => s.slice(1));
        // Only the sampler's INFO calls ran: no reads, so no hit rate rather than 0 % or 100 %.
        expect(idle!.hitRates.lastInterval).toBeNull();
        expect(idle!.opsPerSec).toBeGreaterThan(0);
        await knownReads('windows');
        await knownReads('windows');
        const [after] = await watched.next(2);
        expect(after!.hitRates.lastMinute).toBe(0.7);
        expect(after!.hitRates.lastHour).toBe(0.7);
        for (const sample of watched.samples) expectSane(sample);
      } finally {
        await watched.dispose();
        await core.dispose();
      }
    });
  });

  test("CacheScope's own key reads (an analysis, a key browser page) are not counted as the application's hits", async () => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 500; i++) pipeline.set(`analysed:${i}`, 'v');
    await pipeline.exec();
    const core = await home.core({ redisUrl: server.url });
    const watched = collectSamples(core);
    try {
      await core.invoke('stats.watch', {});
      await watched.next(2);
      await knownReads('own');
      // TYPE and PTTL of every key would be ~1,000 hits each: 0.7 becomes 0.99 if they count.
      await runAnalysis(core);
      const page = await core.invoke('keys.scan', { search: { text: 'analysed:*' }, pageSize: 200 });
      expect(page.keys.length).toBeGreaterThan(0);
      const [after] = await watched.next(2);
      expect(after!.hitRates.lastMinute).toBe(0.7);
    } finally {
      await watched.dispose();
      await core.dispose();
      await redis.del(...Array.from({ length: 500 }, (_, i) => `analysed:${i}`));
    }
  });

  test('CONFIG RESETSTAT gives no negative or absurd point, then counts from zero', async () => {
    const core = await home.core({ redisUrl: server.url });
    const watched = collectSamples(core);
    try {
      await core.invoke('stats.watch', {});
      await watched.next(2);
      await knownReads('before-reset');
      await watched.next(1);
      await redis.config('RESETSTAT');
      for (let i = 0; i < 4; i++) await redis.get(`before-reset:${i}`);
      await redis.get('before-reset:missing');
      const after = await watched.next(3);
      expect(after.at(-1)).toMatchObject({ hits: 4, misses: 1, hitRate: 0.8 });
      // The interval holding the reset has no rates: when in it the reset happened is unknown.
      expect(after[0]).toMatchObject({ opsPerSec: null, hitRates: expect.objectContaining({ lastInterval: null }) });
      expect(after.at(-1)!.opsPerSec).not.toBeNull();
      for (const sample of watched.samples) expectSane(sample);
      const history = await core.invoke('stats.history', { from: Date.now() - 60_000 });
      for (const [, value] of [...history.series.hitRate.points, ...history.series.opsPerSec.points]) {
        if (value !== null) expect(value).toBeGreaterThanOrEqual(0);
      }
      expect(history.series.hitRate.points.every(([, v]) => v === null || v <= 1)).toBe(true);
    } finally {
      await watched.dispose();
      await core.dispose();
    }
  });

  test('a server that goes away is a gap, then sampling recovers on its own', async () => {
    const core = await home.core({ redisUrl: server.url });
    const watched = collectSamples(core);
    let restarted = false;
    try {
      await core.invoke('stats.watch', {});
      await watched.next(2);
      await server.kill();
      await expect.poll(() => watched.samples.at(-1)?.error?.code, { timeout: 15_000 }).toBe('CONNECTION_REFUSED');
      const down = watched.samples.at(-1)!;
      expect(down.error?.message).toContain(`127.0.0.1:${server.port}`);
      expect(down.nodes).toEqual([expect.objectContaining({ state: 'down', hits: null })]);
      expect(down.hitRate).toBeNull();
      await watched.next(2);
      await server.start();
      restarted = true;
      await expect.poll(() => watched.samples.at(-1)?.opsPerSec ?? null, { timeout: 20_000 }).not.toBeNull();
      expect(watched.samples.at(-1)).toMatchObject({ error: null, mastersUp: 1 });

      const history = await core.invoke('stats.history', { from: Date.now() - 120_000 });
      const points = history.series.opsPerSec.points;
      const gap = points.findIndex(([, value]) => value === null);
      // Values, then a gap (not zeros, not a line across), then values again.
      expect(gap).toBeGreaterThan(0);
      expect(points.slice(gap + 1).some(([, value]) => value !== null)).toBe(true);
      expect(points.filter(([, value]) => value === 0)).toEqual([]);
    } finally {
      await watched.dispose();
      await core.dispose();
      // The next tests need it; started twice, the second would fail and hide the first.
      if (!restarted) await server.start();
    }
  });

  test('the history is saved in the user data folder and read back by the next run', async () => {
    const first = await home.core({ frontEnd: 'serve', redisUrl: server.url });
    const watched = collectSamples(first);
    await first.invoke('stats.watch', {});
    const samples = await watched.next(3);
    await watched.dispose();
    await first.dispose();

    const second = await home.core({ frontEnd: 'serve', redisUrl: server.url });
    try {
      const history = await second.invoke('stats.history', { from: samples[0]!.at - 1_000 });
      const times = history.series.opsPerSec.points.filter(([, v]) => v !== null).map(([t]) => t);
      expect(times).toEqual(expect.arrayContaining(samples.slice(1).map((s) => s.at)));
      expect(history.series.usedMemory.points.length).toBeGreaterThan(0);
    } finally {
      await second.dispose();
    }
  });

  test('history ranges are checked', async () => {
    const core = await home.core({ redisUrl: server.url });
    try {
      await expect(core.invoke('stats.history', { from: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(core.invoke('stats.history', { from: 10, to: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      await core.dispose();
    }
  });
});
