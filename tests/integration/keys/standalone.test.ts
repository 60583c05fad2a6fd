import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { displayKeyName } from '../../../shared/keyName';
import { RespConnection } from '../../../electron/main/core/connections/respConnection';
import { readKeys } from '../../../electron/main/core/keys/keyReads';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { analysisOf, buckets, keysHome, node, runAnalysis } from './support';

let server: ThrowawayRedis;
let redis: Redis;
let home: ReturnType<typeof keysHome>;

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** Odd names: binary bytes, glob characters, unicode, a newline, a 10 kB name. */
const oddNames = [
  Buffer.from([0xff, 0x00, 0x3a, 0x01]),
  Buffer.from('glob:*?[x]\\'),
  Buffer.from('ünï:日本:🙂'),
  Buffer.from('nl:a\nb'),
  Buffer.from(`big:${'x'.repeat(10_240)}`),
];

async function seed(): Promise<void> {
  const pipeline = redis.pipeline();
  for (let i = 0; i < 20; i++) pipeline.set(`user:profile:${i}`, 'p'.repeat(10));
  for (let i = 0; i < 10; i++) pipeline.set(`user:session:${i}`, 's', 'PX', 40_000);
  for (let i = 0; i < 5; i++) pipeline.hset(`user:${i}`, 'name', `n${i}`).pexpire(`user:${i}`, 2 * hour);
  for (let i = 0; i < 8; i++) pipeline.rpush(`cart:${i}`, 'a', 'b').pexpire(`cart:${i}`, 5 * minute);
  for (let i = 0; i < 3; i++) pipeline.sadd(`tag:set:${i}`, 'x').pexpire(`tag:set:${i}`, 20 * minute);
  for (let i = 0; i < 4; i++) pipeline.zadd(`rank:${i}`, 1, 'm').pexpire(`rank:${i}`, 12 * hour);
  pipeline.set('deep:a:b:c:d', 'v', 'PX', 3 * day);
  pipeline.set('far:1', 'v', 'PX', 30 * day);
  pipeline.set('counter', '1');
  pipeline.xadd('events', '*', 'f', 'v');
  for (const name of oddNames) pipeline.set(name, 'odd');
  await pipeline.exec();
}

beforeAll(async () => {
  server = new ThrowawayRedis(await freePort(), ['--enable-debug-command', 'yes']);
  await server.start();
  redis = new Redis(server.url);
  await seed();
  home = keysHome({ redisUrl: server.url });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.kill();
  home?.remove();
});

describe('keyspace analysis of a standalone server', () => {
  test('every count, namespace node and TTL bucket is exact', async () => {
    const core = await home.core();
    try {
      const analysis = analysisOf(await runAnalysis(core));
      const total = 20 + 10 + 5 + 8 + 3 + 4 + 1 + 1 + 1 + 1 + oddNames.length;
      expect(analysis).toMatchObject({ complete: true, scanned: total, vanished: 0, keysAtStart: total, db: 0, delimiter: ':', depth: 3 });
      expect(analysis.nodes).toEqual([`127.0.0.1:${server.port}`]);
      expect(buckets(analysis.ttlHistogram)).toEqual({
        none: 20 + 2 + oddNames.length,
        lt1m: 10,
        '1m-10m': 8,
        '10m-1h': 3,
        '1h-6h': 5,
        '6h-24h': 4,
        '1d-7d': 1,
        gt7d: 1,
      });
      expect(analysis.noTtl).toBe(20 + 2 + oddNames.length);
      expect(Object.fromEntries(analysis.types.map((t) => [t.type, t.keys]))).toEqual({
        string: 20 + 10 + 2 + 1 + oddNames.length,
        hash: 5,
        list: 8,
        set: 3,
        zset: 4,
        stream: 1,
      });

      const user = node(analysis, 'user');
      expect(user).toMatchObject({ depth: 1, parent: null, keys: 35, noTtl: 20, otherKeys: 0 });
      expect(buckets(user.ttlHistogram)).toEqual({ none: 20, lt1m: 10, '1h-6h': 5 });
      expect(node(analysis, 'user:profile')).toMatchObject({ depth: 2, parent: 'user', keys: 20, noTtl: 20 });
      expect(node(analysis, 'user:session')).toMatchObject({ depth: 2, parent: 'user', keys: 10, noTtl: 0 });
      expect(node(analysis, 'tag:set')).toMatchObject({ keys: 3 });
      expect(node(analysis, 'deep:a:b')).toMatchObject({ depth: 3, parent: 'deep:a', keys: 1 });
      expect(analysis.namespaces.some((n) => n.namespace === 'deep:a:b:c')).toBe(false);
      expect(analysis.unnamespaced).toEqual({ keys: 2, memory: expect.any(Number), noTtl: 2 });
      expect(analysis.noTtlNamespaces).toEqual(expect.arrayContaining(['user:profile', 'big', 'nl']));
      expect(analysis.noTtlNamespaces).not.toContain('user');

      // Memory per namespace is the sum of MEMORY USAGE of its keys, read independently.
      let userMemory = 0;
      for (const key of await redis.keys('user:*')) userMemory += (await redis.memory('USAGE', key, 'SAMPLES', 5)) ?? 0;
      expect(user.memory).toBe(userMemory);
      expect(analysis.memory).toBe(analysis.types.reduce((sum, t) => sum + t.memory, 0));

      expect(analysis.expiringSoon.map((k) => k.key).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `user:session:${i}`).sort());
      expect(analysis.biggest[0]!.key).toBe(displayKeyName(oddNames[4]!));
      expect(analysis.biggest[0]!.memory).toBeGreaterThan(10_240);
    } finally {
      await core.dispose();
    }
  });

  test('binary, glob, unicode and newline names are shown with the one escaping and carried as hex', async () => {
    const core = await home.core();
    try {
      const analysis = analysisOf(await runAnalysis(core, { top: 1000 }));
      const listed = new Map(analysis.biggest.map((k) => [k.keyHex, k.key]));
      for (const name of oddNames) expect(listed.get(name.toString('hex'))).toBe(displayKeyName(name));
      expect(node(analysis, '\\xff\\x00')).toMatchObject({ namespaceHex: 'ff00', keys: 1 });
      expect(node(analysis, 'glob')).toMatchObject({ keys: 1 });
      expect(node(analysis, 'ünï:日本')).toMatchObject({ depth: 2, keys: 1 });
      expect(listed.get(Buffer.from('nl:a\nb').toString('hex'))).toBe('nl:a\\x0ab');
    } finally {
      await core.dispose();
    }
  });

  test('MATCH, another database, another delimiter and depth', async () => {
    await redis.select(2);
    await redis.set('a/b/c', '1');
    await redis.set('a/b/d', '1', 'PX', 30_000);
    await redis.select(0);
    const core = await home.core();
    try {
      const matched = analysisOf(await runAnalysis(core, { match: 'user:*' }));
      expect(matched.scanned).toBe(35);
      expect(matched.match).toBe('user:*');
      const glob = analysisOf(await runAnalysis(core, { match: 'glob:\\*\\?\\[x\\]\\\\' }));
      expect(glob.scanned).toBe(1);
      const other = analysisOf(await runAnalysis(core, { db: 2, delimiter: '/', depth: 1 }));
      expect(other).toMatchObject({ db: 2, scanned: 2, keysAtStart: 2 });
      expect(other.namespaces.map((n) => [n.namespace, n.keys, n.noTtl])).toEqual([['a', 2, 1]]);
    } finally {
      await core.dispose();
    }
  });

  test('a profile password on a server that has none: the refused AUTH is not fatal, as with ioredis', async () => {
    const spare = keysHome({ redisUrl: `redis://:not-needed@127.0.0.1:${server.port}/2` });
    const core = await spare.core();
    try {
      expect(analysisOf(await runAnalysis(core))).toMatchObject({ db: 2, scanned: 2 });
    } finally {
      await core.dispose();
      spare.remove();
    }
  });

  test('keys that expire during the scan are not counted; a key gone when read counts as vanished', async () => {
    // Five keys per call, each followed by a pause (idleRatio; at least a timer's millisecond): the
    // scan lasts at least 0.4 s whatever the machine's speed, so the brief keys expire in its middle.
    const core = await home.core({ keysScanPace: { scanCount: 5, batchKeys: 5, inFlight: 1, idleRatio: 5 } });
    try {
      await redis.select(3);
      const pipeline = redis.pipeline();
      for (let i = 0; i < 2_000; i++) pipeline.set(`stay:${i}`, 'v');
      for (let i = 0; i < 50; i++) pipeline.set(`brief:${i}`, 'v', 'PX', 100);
      await pipeline.exec();
      await redis.select(0);
      const analysis = analysisOf(await runAnalysis(core, { db: 3 }));
      expect(analysis.keysAtStart).toBe(2_050);
      expect(analysis.scanned).toBeLessThan(2_050);
      expect(analysis.scanned + analysis.vanished).toBeLessThanOrEqual(2_050);
      expect(node(analysis, 'stay').keys).toBe(2_000);
      expect(analysis.scanned - 2_000).toBe(analysis.namespaces.find((n) => n.namespace === 'brief')?.keys ?? 0);
    } finally {
      await core.dispose();
    }
    // What SCAN returned but is gone when read reads as `none`, not a key of some type.
    const connection = await RespConnection.open({ host: '127.0.0.1', port: server.port, address: `127.0.0.1:${server.port}`, db: 0, name: 'test-key-reads' });
    try {
      const batch = await readKeys(connection, [Buffer.from('counter'), Buffer.from('never:was')], 5);
      expect(batch.readings).toEqual([
        { type: 'string', pttlMs: -1, memory: expect.any(Number) },
        { type: 'none', pttlMs: -2, memory: 0 },
      ]);
      expect(batch.reads).toEqual({ hits: 2, misses: 2 });
    } finally {
      connection.dispose();
    }
  });

  test('cancel stops within a batch and reports what was scanned; the last complete analysis is kept 0600', async () => {
    await redis.select(4);
    await redis.call('DEBUG', 'POPULATE', '20000', 'pop');
    await redis.select(0);
    // A pause after each batch makes the scan of 20,000 keys outlast the first progress report
    // (every 250 ms) on any machine, so the cancel lands in its middle.
    const core = await home.core({ keysScanPace: { scanCount: 50, batchKeys: 25, inFlight: 1, idleRatio: 10 } });
    try {
      const done = analysisOf(await runAnalysis(core));
      let cancelled = false;
      const job = await runAnalysis(core, { db: 4 }, (progress) => {
        if (!cancelled && progress.done > 0) {
          cancelled = true;
          void core.invoke('job.cancel', { id: progress.id });
        }
      });
      expect(job.state).toBe('cancelled');
      const partial = job.result as { complete: boolean; scanned: number; keysAtStart: number };
      expect(partial.complete).toBe(false);
      expect(partial.keysAtStart).toBe(20_000);
      expect(partial.scanned).toBeGreaterThan(0);
      expect(partial.scanned).toBeLessThan(20_000);
      expect(job.done).toBeLessThan(20_000);

      // The cancelled run is not kept: the last complete one is, in a file only the user reads.
      const overview = await core.invoke('keys.analysis', {});
      expect(overview.analysis?.endedAt).toBe(done.endedAt);
      expect(overview.running).toBeNull();
      const file = join(home.home, 'keys', 'local.analysis.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await core.dispose();
    }
    const reopened = await home.core();
    try {
      expect((await reopened.invoke('keys.analysis', {})).analysis?.scanned).toBeGreaterThan(0);
    } finally {
      await reopened.dispose();
    }
  });

  test('a Cluster-only db is refused, and a bad pattern is an input error', async () => {
    const core = await home.core();
    try {
      await expect(core.invoke('keys.analyze', { depth: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(core.invoke('keys.analyze', { delimiter: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      await core.dispose();
    }
  });
});

test('while someone watches, a paced re-analysis runs on the profile\'s interval', async () => {
  const watched = keysHome({ profile: { redis: { url: server.url }, keysAnalysis: { reanalyzeIntervalMs: 300 } } });
  const core = await watched.core();
  try {
    expect((await core.invoke('keys.analysis', {})).analysis).toBeNull();
    await expect
      .poll(async () => (await core.invoke('keys.analysis', {})).analysis?.scanned ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(0);
  } finally {
    await core.dispose();
    watched.remove();
  }
});
