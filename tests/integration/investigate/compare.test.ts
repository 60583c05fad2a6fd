import { afterAll, beforeAll, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import type { Core } from '../../../electron/main/core/core';
import { ReadThroughCache } from '../../../demo/readThroughCache';
import { postgresRowLoader } from '../../../demo/rowLoader';
import { VersionClock } from '../../../demo/versionClock';
import { WriteBehindWriter } from '../../../demo/writeBehindWriter';
import { CompareSampleResultSchema, type KeyComparison } from '../../../shared/contracts/investigate';
import { keyNameToHex } from '../../../shared/keyName';
import { FlusherProcess, endpoints, uniqueName, usePipeline, waitFor } from '../demo/support';
import { expectNoLeaks } from '../support/leaks';
import { jobEnd } from '../writeBehind/support';
import { investigateHome, investigateProfile } from './support';

/**
 * Every verdict of `keys.compare`, produced for real on a demo pipeline of the test's own
 * (topics, flusher group, schema) with the demo's writer, read-through cache and flusher.
 * Keys are `product:<unique id>`: the queue topic is the test's own, and no other test uses the ids.
 */

const pipeline = usePipeline('investigate');
const { names, pool, producer } = pipeline;
const run = uniqueName('inv');
/** A second namespace only this test has keys in, for the sample. */
const samplePattern = `${run}:p:{id}`;
const slaMs = 1_000;

let redis: Redis;
let home: ReturnType<typeof investigateHome>;
let core: Core;
let writer: WriteBehindWriter;
let cache: ReadThroughCache;
const written: string[] = [];

const table = () => `"${names.schema}".products`;
const hexOf = (key: string | Buffer) => keyNameToHex(typeof key === 'string' ? Buffer.from(key) : key);
const compare = (key: string | Buffer): Promise<KeyComparison> => core.invoke('keys.compare', { hex: hexOf(key) });
const id = (label: string) => `${run}-${label}`;
const keyOf = (label: string) => {
  const key = `product:${id(label)}`;
  written.push(key, `demo:version:${key}`);
  return key;
};

beforeAll(async () => {
  redis = new Redis(endpoints().redisUrl);
  home = investigateHome(
    investigateProfile(names, {
      writeBehind: { ...investigateProfile(names).writeBehind, persistenceSlaMs: slaMs },
      namespaces: [
        { keyPattern: 'product:{id}', table: 'products', schema: names.schema },
        { keyPattern: samplePattern, table: 'products', schema: names.schema },
      ],
    }),
  );
  core = await home.core();
  writer = new WriteBehindWriter({ redis, producer, versions: new VersionClock(redis), topic: names.topic });
  cache = new ReadThroughCache({ redis, loader: postgresRowLoader(pool, names.schema), statsPrefix: `${run}:stats:` });
});

afterAll(async () => {
  await core?.dispose();
  const own = await redis.keys(`${run}*`);
  const keys = [...written, ...own];
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  home?.remove();
});

test('a write queued while the flusher is paused is ahead, past the SLA, with its pending record; fresh once flushed; stale after Postgres moves on', async () => {
  const flusher = new FlusherProcess(names, ['--session-timeout-ms', '60000']);
  const key = keyOf('ahead');
  try {
    await flusher.waitForLine(/joined .* partitions \[0, 1, 2\]/);
    flusher.kill('SIGSTOP');
    const receipt = await writer.upsert('product', id('ahead'), { name: 'Lamp', price_cents: 2500, stock: 3 });
    // Older than the SLA for sure: the verdict must call it a problem.
    await new Promise((resolve) => setTimeout(resolve, slaMs + 200));

    const ahead = await compare(key);
    expect(ahead.verdict, ahead.explanation).toBe('ahead');
    expect(ahead.problem).toBe(true);
    expect(ahead.ahead).toMatchObject({ sla: 'breached', slaMs });
    expect(ahead.pendingWrites).toMatchObject({ partition: receipt.partition, matching: 1, complete: true, error: null });
    expect(ahead.pendingWrites!.records).toEqual([{ partition: receipt.partition, offset: receipt.offset, version: receipt.version, op: 'upsert', ageMs: expect.any(Number) }]);
    expect(ahead.pendingWrites!.records[0]!.ageMs).toBeGreaterThan(slaMs);
    expect(ahead.database).toMatchObject({ table: `${names.schema}.products`, id: id('ahead'), row: null });

    flusher.kill('SIGCONT');
    let fresh: KeyComparison | undefined;
    // The row is in Postgres before the flusher commits its offset: fresh comes first, then no pending write.
    await waitFor(async () => (fresh = await compare(key)).verdict === 'fresh' && fresh.pendingWrites!.matching === 0, 30_000, 'the write to be flushed and committed');
    expect(fresh!.pendingWrites).toMatchObject({ matching: 0, records: [] });
    expect(fresh!.fields.every((f) => f.equal && f.presence === 'both')).toBe(true);
    // The cached ISO timestamp and the timestamptz column, the JSON number and the bigint: equal by meaning.
    expect(fresh!.fields.find((f) => f.field === 'updated_at')).toMatchObject({ rule: 'timestamp', equal: true });
    expect(fresh!.fields.find((f) => f.field === 'version')).toMatchObject({ rule: 'decimal', equal: true, cache: receipt.version, database: String(receipt.version) });

    await pool.query(`UPDATE ${table()} SET price_cents = 999, version = version + 1 WHERE id = $1`, [id('ahead')]);
    const stale = await compare(key);
    expect(stale.verdict).toBe('stale');
    expect(stale.headline).toContain(`version ${receipt.version}`);
    expect(stale.fields.filter((f) => !f.equal).map((f) => f.field).sort()).toEqual(['price_cents', 'version']);
  } finally {
    flusher.kill('SIGCONT');
    flusher.kill('SIGTERM');
    await flusher.exited;
  }
});

test('same version with different content is stale; a deleted row is missing in Postgres; an evicted key is missing in the cache', async () => {
  const key = keyOf('row');
  await pool.query(`INSERT INTO ${table()} (id, name, price_cents, stock, version, updated_at) VALUES ($1, 'Desk', 12000, 1, 7, now())`, [id('row')]);
  await cache.get('product', id('row'));
  expect((await compare(key)).verdict).toBe('fresh');

  await pool.query(`UPDATE ${table()} SET name = 'Desk (oak)' WHERE id = $1`, [id('row')]);
  const sameVersion = await compare(key);
  expect(sameVersion).toMatchObject({ verdict: 'stale', problem: true, headline: 'Stale: same version 7, different content' });
  expect(sameVersion.fields.filter((f) => !f.equal)).toEqual([{ field: 'name', cache: 'Desk', database: 'Desk (oak)', presence: 'both', equal: false, rule: 'text' }]);

  await pool.query(`DELETE FROM ${table()} WHERE id = $1`, [id('row')]);
  const deleted = await compare(key);
  expect(deleted).toMatchObject({ verdict: 'missing-in-db', problem: true, database: { row: null } });

  const evictedKey = keyOf('evicted');
  await pool.query(`INSERT INTO ${table()} (id, name, price_cents, stock, version) VALUES ($1, 'Chair', 4000, 2, 3)`, [id('evicted')]);
  await cache.get('product', id('evicted'));
  await redis.del(evictedKey);
  const evicted = await compare(evictedKey);
  expect(evicted).toMatchObject({ verdict: 'missing-in-cache', problem: false, cache: { state: 'absent', value: null }, database: { version: '3' } });
});

test("the missing-row sentinel is negative-cached; once the row exists it is a problem", async () => {
  const key = keyOf('missing');
  expect(await cache.get('product', id('missing'))).toBeNull();
  const negative = await compare(key);
  expect(negative).toMatchObject({ verdict: 'negative-cached', problem: false, cache: { state: 'sentinel' } });
  await pool.query(`INSERT INTO ${table()} (id, name, price_cents, version) VALUES ($1, 'Late', 100, 1)`, [id('missing')]);
  const hiding = await compare(key);
  expect(hiding).toMatchObject({ verdict: 'negative-cached', problem: true, headline: 'Negative-cached, but the row exists' });
});

test('a key no mapping matches is unmapped, with the mapping to add', async () => {
  const key = `${run}x:order:1`;
  await redis.set(key, '{"id":"1"}', 'EX', 600);
  const unmapped = await compare(key);
  expect(unmapped).toMatchObject({ verdict: 'unmapped', database: null, fields: [], suggestedMapping: { keyPattern: `${run}x:{id}`, table: `${run}xs` } });
  expect(unmapped.explanation).toContain(`"keyPattern": "${run}x:{id}"`);
});

test('binary key names: the partition is computed from the bytes, the pending record is found, the id that is not text has no row', async () => {
  const key = Buffer.concat([Buffer.from('product:'), Buffer.from(id('bin')), Buffer.from([0xff, 0x00, 0x41])]);
  await redis.set(key, '{"id":"x","version":1}', 'EX', 600);
  const [meta] = await producer.send({ topic: names.topic, acks: -1, messages: [{ key, value: JSON.stringify({ op: 'upsert', entity: 'product', id: 'x', version: 2, producedAt: Date.now() }) }] });
  const binary = await compare(key);
  await redis.del(key);
  expect(binary.key.hex).toBe(key.toString('hex'));
  expect(binary.key.display).toContain('\\xff\\x00A');
  expect(binary.pendingWrites).toMatchObject({ partition: meta!.partition, matching: 1, partitionNote: expect.stringContaining('not UTF-8') });
  expect(binary.pendingWrites!.records[0]).toMatchObject({ offset: meta!.baseOffset, version: 2, op: 'upsert' });
  // The pending upsert of a row Postgres lacks: ahead, within the SLA or not.
  expect(binary.verdict).toBe('ahead');
  expect(binary.database).toMatchObject({ row: null, id: '' });

  const other = Buffer.from([0xff, 0xfe, 0x3a, 0xbe, 0xef]);
  await redis.set(other, Buffer.from([0x00, 0xff]), 'EX', 600);
  const unmapped = await compare(other);
  await redis.del(other);
  expect(unmapped).toMatchObject({ verdict: 'unmapped', suggestedMapping: null, cache: { state: 'not-json' } });
});

test('dead letters of the key past the replay cursor are counted, with the route to replay them', async () => {
  const key = keyOf('dead');
  await pool.query(`INSERT INTO ${table()} (id, name, price_cents, version) VALUES ($1, 'Poison', 1, 1)`, [id('dead')]);
  await cache.get('product', id('dead'));
  const letter = { key, value: '{"op":"upsert"}', headers: { 'x-error': '23514: check', 'x-error-kind': 'permanent' } };
  await producer.send({ topic: names.dlqTopic, acks: -1, messages: [letter, letter, { ...letter, key: `${key}-other` }] });
  const comparison = await compare(key);
  expect(comparison.verdict).toBe('fresh');
  expect(comparison.deadLetters).toMatchObject({ count: 2, complete: true, error: null, route: `/failed-writes?key=${hexOf(key)}` });
});

test('keys compare --json prints exactly the documented shape; the sample counts verdicts per namespace', async () => {
  const key = keyOf('cli');
  await pool.query(`INSERT INTO ${table()} (id, name, price_cents, stock, version) VALUES ($1, 'Shelf', 5000, 4, 2)`, [id('cli')]);
  await cache.get('product', id('cli'));
  await pool.query(`UPDATE ${table()} SET stock = 0, version = 3 WHERE id = $1`, [id('cli')]);
  const { code, stdout } = await home.cli(['keys', 'compare', key, '--json']);
  expect(code).toBe(1);
  const printed = JSON.parse(stdout);
  expect(Object.keys(printed)).toEqual(['key', 'verdict', 'cache', 'database', 'differences', 'pendingWrites', 'deadLetters']);
  expect(printed).toMatchObject({ key, verdict: 'stale', cache: { id: id('cli'), stock: 4, version: 2 }, database: { id: id('cli'), stock: 0, version: '3' }, pendingWrites: [], deadLetters: 0 });
  expect(printed.differences).toEqual([
    { field: 'stock', cache: 4, database: 0 },
    { field: 'version', cache: 2, database: '3' },
  ]);
  const text = await home.cli(['keys', 'compare', '--hex', hexOf(key)]);
  expect(text.stdout).toContain('stale  Stale: the cache holds version 2, the row version 3');

  // The sample namespace: 6 fresh keys and 3 stale ones, nothing else matches its pattern.
  const prefix = samplePattern.replace('{id}', '');
  for (let i = 0; i < 9; i++) {
    await pool.query(`INSERT INTO ${table()} (id, name, price_cents, version) VALUES ($1, 's', 1, $2)`, [`s${run}${i}`, i < 6 ? 1 : 2]);
    await redis.set(`${prefix}s${run}${i}`, JSON.stringify({ id: `s${run}${i}`, name: 's', price_cents: 1, stock: null, version: 1, updated_at: null }), 'EX', 600);
  }
  const started = await core.invoke('keys.compareSample', { namespace: samplePattern, sample: 50 });
  const job = await jobEnd(core, started.id);
  const result = CompareSampleResultSchema.parse(job.result);
  expect(result).toMatchObject({ compared: 9, requested: 50, complete: false, cancelled: false, pendingComplete: true });
  expect(result.counts).toMatchObject({ fresh: 6, stale: 3, ahead: 0, 'missing-in-db': 0 });
  expect(result.examples.stale.map((k) => k.display).every((k) => k.startsWith(prefix))).toBe(true);

  const sampled = await home.cli(['keys', 'compare', '--namespace', samplePattern, '--sample', '20', '--json']);
  expect(sampled.code).toBe(0);
  expect(JSON.parse(sampled.stdout)).toMatchObject({ compared: 9, counts: { fresh: 6, stale: 3 }, shares: { stale: 1 / 3 } });
});

test('cancelling a sample stops within a batch and reports the keys compared until then', async () => {
  const prefix = samplePattern.replace('{id}', '');
  const many = 2_000;
  for (let at = 0; at < many; at += 500) {
    const pipeline = redis.pipeline();
    for (let i = at; i < at + 500; i++) pipeline.set(`${prefix}c${i}`, JSON.stringify({ id: `c${i}`, version: 1 }), 'EX', 600);
    await pipeline.exec();
  }
  let jobId = '';
  let cancelled: Promise<unknown> | undefined;
  const subscription = core.onEvent((event) => {
    const job = event.payload as { id: string; done: number; state: string };
    // The first batch compared: cancel, the next batch boundary stops it.
    if (event.name === 'job.progress' && job.id === jobId && job.state === 'running' && job.done > 0 && !cancelled) cancelled = core.invoke('job.cancel', { id: jobId });
  });
  try {
    jobId = (await core.invoke('keys.compareSample', { namespace: samplePattern, sample: many })).id;
    const job = await jobEnd(core, jobId);
    await cancelled;
    expect(job.state).toBe('cancelled');
    const result = CompareSampleResultSchema.parse(job.result);
    expect(result).toMatchObject({ cancelled: true, complete: false });
    expect(result.compared).toBeGreaterThan(0);
    expect(result.compared).toBeLessThan(many);
    expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(result.compared);
  } finally {
    await subscription.dispose();
  }
});

test('a compare and a sample leave no socket or timer behind once the core is closed', async () => {
  await expectNoLeaks(async () => {
    const own = await home.core();
    await own.invoke('keys.compare', { hex: hexOf(`product:${id('leak')}`) });
    const started = await own.invoke('keys.compareSample', { namespace: 'product', sample: 5 });
    await jobEnd(own, started.id);
    await own.dispose();
  });
});
