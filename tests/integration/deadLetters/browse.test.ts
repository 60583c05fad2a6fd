import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import type { Core } from '../../../electron/main/core/core';
import type { DeadLetterRow } from '../../../shared/contracts/deadLetters';
import type { DeadLetterFilterInput } from '../../../shared/contracts/deadLetterFilter';
import { keyNameToHex } from '../../../shared/keyName';
import { endpoints, testKafka, testPool, uniqueName } from '../demo/support';
import { expectNoLeaks } from '../support/leaks';
import { cli, startCore, throwawayGroups, type Conventions } from '../writeBehind/support';
import { createDeadLetterTopic, deadLetterDrafts, produceDeadLetters, type ProducedLetter } from './fixtures';

/**
 * The DLQ browser against a topic of its own holding dead letters in CacheScope's, Spring's
 * and Kafka Connect's header conventions, with a binary value, a cut JSON value, a 1 MB value
 * and a record without key: lists, groups and details say exactly what was produced.
 */

const partitions = 3;
const kafka = testKafka();
const admin = kafka.admin();
const producer = kafka.producer({ allowAutoTopicCreation: false });
const pool = testPool();
const redis = new Redis(endpoints().redisUrl);
const base = uniqueName('dlqb');
const dlqTopic = `${base}.dlq`;
const replayGroup = `${base}-replay`;
const schema = base.toLowerCase();
const keyPrefix = `${base}:`;
const conventions: Conventions = { dlqTopic, replayGroup, queueTopic: `${base}.writes` };
const extras = { namespaces: [{ keyPattern: `${keyPrefix}product:{id}`, table: `${schema}.products`, keyColumn: 'id', versionColumn: 'version' }] };
let produced: ProducedLetter[];
let core: Core;
let disposeCore: () => Promise<void>;

const id = (r: { partition: number; offset: string }) => `${r.partition}/${r.offset}`;
const newestFirst = (letters: readonly ProducedLetter[]) => [...letters].sort((a, b) => b.timestamp - a.timestamp).map(id);
const oldestFirst = (letters: readonly ProducedLetter[]) => [...letters].sort((a, b) => a.timestamp - b.timestamp).map(id);

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  await createDeadLetterTopic(admin, dlqTopic, partitions);
  produced = await produceDeadLetters(producer, dlqTopic, deadLetterDrafts(keyPrefix, conventions.queueTopic!), partitions, Date.now() - 3_600_000);
  await pool.query(`CREATE SCHEMA "${schema}"`);
  await pool.query(`CREATE TABLE "${schema}".products (id text PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL, version bigint NOT NULL, updated_at timestamptz NOT NULL)`);
  await pool.query(`INSERT INTO "${schema}".products VALUES ('2', 'Lamp', 2500, 7, '2025-11-26T10:00:00Z')`);
  await redis.set(`${keyPrefix}product:2`, JSON.stringify({ id: '2', name: 'Lamp', price_cents: 2500, version: 7 }), 'EX', 600);
  ({ core, dispose: disposeCore } = await startCore(conventions, {}, extras));
}, 60_000);

afterAll(async () => {
  await disposeCore?.();
  await admin.deleteGroups([replayGroup]).catch(() => undefined);
  await admin.deleteTopics({ topics: [dlqTopic] }).catch(() => undefined);
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await redis.del(`${keyPrefix}product:2`);
  await Promise.all([admin.disconnect(), producer.disconnect(), pool.end(), redis.quit()]);
});

/** Every page of a list, following `next`; fails on a repeat. */
async function allPages(input: { order: 'newest' | 'oldest'; pendingOnly?: boolean; limit: number; scanLimit?: number; filter?: DeadLetterFilterInput }): Promise<{ rows: DeadLetterRow[]; pages: number }> {
  const rows: DeadLetterRow[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = await core.invoke('deadLetters.list', { pendingOnly: false, ...input, ...(pageToken ? { pageToken } : {}) });
    expect(page.rows.length).toBeLessThanOrEqual(input.limit);
    rows.push(...page.rows);
    pageToken = page.next ?? undefined;
    pages++;
    expect(pages, 'pages keep coming').toBeLessThan(100);
  } while (pageToken);
  expect(new Set(rows.map(id)).size, 'a record listed twice').toBe(rows.length);
  return { rows, pages };
}

describe('deadLetters.list', () => {
  test('one page newest first says what each record is, in every header convention', async () => {
    const page = await core.invoke('deadLetters.list', { pendingOnly: false, limit: 500 });
    expect(page).toMatchObject({ topic: dlqTopic, replayGroup, order: 'newest', next: null, totalRecords: produced.length, bounded: false });
    expect(page.rows.map(id)).toEqual(newestFirst(produced));
    for (const row of page.rows) {
      const letter = produced.find((p) => id(p) === id(row))!;
      expect(row.timestamp).toBe(letter.timestamp);
      expect(row.key?.display ?? null).toBe(letter.key);
      expect(row.origin).toMatchObject({
        convention: letter.convention,
        error: letter.error,
        errorKind: letter.errorKind,
        originalTopic: letter.originalTopic,
        originalPartition: letter.originalPartition,
        originalOffset: letter.originalOffset,
      });
      expect(row.pending).toBe(true);
    }
    const byKey = (suffix: string) => page.rows.find((r) => r.key?.display === `${keyPrefix}${suffix}`)!;
    expect(byKey('order:7').origin).toMatchObject({ originalPartition: 3, originalOffset: '123456789012' });
    expect(byKey('blob:1').preview?.format).toBe('hex');
    expect(byKey('sensor:9').preview).toMatchObject({ format: 'text', text: '{"reading":' });
    expect(byKey('product:big').preview).toMatchObject({ format: 'text', truncated: true });
    expect(byKey('product:big').preview!.bytes).toBeGreaterThan(1_000_000);
    expect(byKey('product:0').origin.failedAt).toBe(1_764_000_000_000);
  });

  test.each([
    ['newest', 4, 20_000],
    ['oldest', 4, 20_000],
    ['newest', 3, 2],
    ['oldest', 5, 1],
  ] as const)('%s first in pages of %i (scan budget %i) lists every record once, in order', async (order, limit, scanLimit) => {
    const { rows, pages } = await allPages({ order, limit, scanLimit });
    expect(rows.map(id)).toEqual(order === 'newest' ? newestFirst(produced) : oldestFirst(produced));
    expect(pages).toBeGreaterThan(1);
  });

  test('a page token anchors newest first: records produced after the first page do not appear', async () => {
    const first = await core.invoke('deadLetters.list', { pendingOnly: false, limit: 5 });
    const [late] = await producer.send({ topic: dlqTopic, acks: -1, messages: [{ partition: 0, key: `${keyPrefix}late`, value: 'late', headers: { 'x-error': 'late' } }] });
    try {
      const rest: DeadLetterRow[] = [];
      let token = first.next;
      while (token) {
        const page = await core.invoke('deadLetters.list', { pendingOnly: false, limit: 5, pageToken: token });
        rest.push(...page.rows);
        token = page.next;
      }
      expect([...first.rows, ...rest].map(id)).toEqual(newestFirst(produced));
    } finally {
      const now = await core.invoke('deadLetters.list', { pendingOnly: false, limit: 1 });
      expect(now.rows[0]).toMatchObject({ partition: 0, offset: late!.baseOffset, key: { display: `${keyPrefix}late` } });
      produced.push({ partition: 0, offset: late!.baseOffset!, timestamp: now.rows[0]!.timestamp, key: `${keyPrefix}late`, value: Buffer.from('late'), headers: { 'x-error': 'late' }, convention: 'cachescope', error: 'late', errorKind: 'unknown', originalTopic: null, originalPartition: null, originalOffset: null });
    }
  });

  test('a token of another order is refused', async () => {
    const page = await core.invoke('deadLetters.list', { pendingOnly: false, limit: 2 });
    await expect(core.invoke('deadLetters.list', { pendingOnly: false, order: 'oldest', limit: 2, pageToken: page.next! })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.invoke('deadLetters.list', { limit: 2, pageToken: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  test.each<[string, DeadLetterFilterInput, (p: ProducedLetter) => boolean]>([
    ['error kind', { errorKind: 'transient' }, (p) => p.errorKind === 'transient'],
    ['error text, any case', { errorText: 'CHECK CONSTRAINT' }, (p) => p.error?.toLowerCase().includes('check constraint') ?? false],
    ['key pattern', { keyPattern: `${keyPrefix}product:*` }, (p) => p.key?.startsWith(`${keyPrefix}product:`) ?? false],
    ['exact key', { keyHex: keyNameToHex(Buffer.from(`${keyPrefix}order:7`)) }, (p) => p.key === `${keyPrefix}order:7`],
    ['original topic', { originalTopic: 'sensors' }, (p) => p.originalTopic === 'sensors'],
    ['original partition', { originalPartition: 1 }, (p) => p.originalPartition === 1],
    ['time range', { since: 1_764_000_001_000, until: 1_764_000_004_000 }, (p) => p.convention === 'cachescope' && p.error?.startsWith('23514') === true && [1, 2, 3].some((i) => p.key === `${keyPrefix}product:${i}`)],
  ])('filter by %s', async (_label, filter, wanted) => {
    const { rows } = await allPages({ order: 'newest', limit: 2, filter });
    const expected = produced.filter(wanted);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map(id)).toEqual(newestFirst(expected));
  });

  test('pending only honours the replay cursor; all lists the replayed records too, marked', async () => {
    const cursorAt = new Map([
      [0, Number(produced.filter((p) => p.partition === 0)[2]!.offset)],
      [1, Number(produced.filter((p) => p.partition === 1)[1]!.offset)],
    ]);
    await admin.setOffsets({ groupId: replayGroup, topic: dlqTopic, partitions: [...cursorAt].map(([partition, offset]) => ({ partition, offset: String(offset) })) });
    const replayed = (p: { partition: number; offset: string }) => Number(p.offset) < (cursorAt.get(p.partition) ?? 0);
    try {
      const pending = await allPages({ order: 'oldest', pendingOnly: true, limit: 3 });
      expect(pending.rows.map(id)).toEqual(oldestFirst(produced.filter((p) => !replayed(p))));
      expect(pending.rows.every((r) => r.pending)).toBe(true);
      const all = await allPages({ order: 'newest', limit: 50 });
      expect(all.rows.map(id)).toEqual(newestFirst(produced));
      for (const row of all.rows) expect(row.pending, id(row)).toBe(!replayed(row));
      const groups = await core.invoke('deadLetters.groups', {});
      expect(groups.groups.reduce((sum, g) => sum + g.count, 0)).toBe(produced.filter((p) => !replayed(p)).length);
    } finally {
      await admin.deleteGroups([replayGroup]);
    }
  });

  test('a missing DLQ topic is NOT_FOUND, naming it', async () => {
    const { core: other, dispose } = await startCore({ ...conventions, dlqTopic: `${base}.missing` });
    try {
      await expect(other.invoke('deadLetters.list', {})).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`${base}.missing`) });
    } finally {
      await dispose();
    }
  });
});

describe('deadLetters.groups', () => {
  test('groups by normalised message and kind, with counts, first and last seen and an example', async () => {
    const result = await core.invoke('deadLetters.groups', { pendingOnly: false });
    expect(result).toMatchObject({ topic: dlqTopic, bounded: false, ungrouped: 0, totalRecords: produced.length, scannedRecords: produced.length });
    const check = result.groups.find((g) => g.pattern.includes('products_price_cents_check'))!;
    expect(check).toMatchObject({
      pattern: '23514: new row for relation "products" violates check constraint "products_price_cents_check"; Failing row contains (<n>, n<n>, <n>, <n>, <n>)',
      errorKind: 'permanent',
      count: 6,
      firstSeen: 1_764_000_000_000,
      lastSeen: 1_764_000_005_000,
    });
    expect(check.example.error).toContain('Failing row contains (5,');
    expect(result.groups.find((g) => g.errorKind === 'transient')).toMatchObject({ pattern: '57014: canceling statement due to statement timeout after <n> ms', count: 3 });
    expect(result.groups.find((g) => g.pattern === '(no error message)')).toMatchObject({ count: 1, errorKind: 'unknown' });
    expect(result.groups.reduce((sum, g) => sum + g.count, 0)).toBe(produced.length);
    expect(result.groups[0]).toBe(check);
  });

  test('a bounded scan says so and covers the newest records', async () => {
    const result = await core.invoke('deadLetters.groups', { pendingOnly: false, scanLimit: 3 });
    expect(result.bounded).toBe(true);
    expect(result.scannedRecords).toBe(3);
    expect(result.groups.reduce((sum, g) => sum + g.count, 0)).toBe(3);
  });
});

describe('deadLetters.get', () => {
  const letter = (suffix: string) => produced.find((p) => p.key === `${keyPrefix}${suffix}`)!;

  test("a mapped key shows its Postgres row and cached value beside the record's envelope", async () => {
    const p = letter('product:2');
    const detail = await core.invoke('deadLetters.get', { partition: p.partition, offset: p.offset });
    expect(detail).toMatchObject({ topic: dlqTopic, partition: p.partition, offset: p.offset, key: { display: p.key }, envelope: { op: 'upsert', entity: 'product', id: '2', version: 1002 } });
    expect(detail.value).toMatchObject({ format: 'json', truncated: false });
    expect(JSON.parse(detail.value!.text)).toEqual(JSON.parse(p.value!.toString()));
    expect(detail.headers.map((h) => [h.name, h.text])).toEqual(Object.entries(p.headers).map(([name, value]) => [name, String(value)]));
    expect(detail.current).toMatchObject({
      keyPattern: `${keyPrefix}product:{id}`,
      id: '2',
      row: { id: '2', name: 'Lamp', price_cents: 2500, version: '7', updated_at: '2025-11-26T10:00:00.000Z' },
      rowNote: null,
      cached: { type: 'string', preview: { kind: 'string', value: { format: 'json' } } },
      cachedNote: null,
    });
  });

  test('a mapped key without a row or cached value says so', async () => {
    const p = letter('product:3');
    const detail = await core.invoke('deadLetters.get', { partition: p.partition, offset: p.offset });
    expect(detail.current).toMatchObject({ id: '3', row: null, rowNote: expect.stringContaining('no row'), cached: null, cachedNote: 'not cached' });
    const unmapped = letter('user:1');
    expect((await core.invoke('deadLetters.get', { partition: unmapped.partition, offset: unmapped.offset })).current).toBeNull();
  });

  test("Spring's binary partition and offset headers are decoded", async () => {
    const p = letter('order:7');
    const detail = await core.invoke('deadLetters.get', { partition: p.partition, offset: p.offset });
    const header = (name: string) => detail.headers.find((h) => h.name === name)!;
    expect(header('kafka_dlt-original-partition')).toMatchObject({ text: null, hex: '00000003', decoded: '3' });
    expect(header('kafka_dlt-original-offset')).toMatchObject({ text: null, hex: '0000001cbe991a14', decoded: '123456789012' });
    expect(detail.origin).toMatchObject({ convention: 'spring', originalTopic: 'orders', originalPartition: 3, originalOffset: '123456789012' });
    expect(detail.envelope).toBeNull();
  });

  test('non-JSON, cut and huge values are shown within a bound', async () => {
    const blob = letter('blob:1');
    const binary = await core.invoke('deadLetters.get', { partition: blob.partition, offset: blob.offset });
    expect(binary.value).toMatchObject({ format: 'hex', bytes: 8, truncated: false });
    expect(binary.value!.text).toContain('00 ff 10 80 7f c3 28 01');
    const cut = letter('sensor:9');
    expect((await core.invoke('deadLetters.get', { partition: cut.partition, offset: cut.offset })).value).toMatchObject({ format: 'text', text: '{"reading":', truncated: false });
    const big = letter('product:big');
    const huge = await core.invoke('deadLetters.get', { partition: big.partition, offset: big.offset });
    expect(huge.value).toMatchObject({ format: 'text', truncated: true, bytes: big.value!.length });
    expect(huge.value!.text.length).toBeLessThanOrEqual(256 * 1024);
    expect(huge.envelope).toMatchObject({ entity: 'product', id: 'big' });
    const orphan = produced.find((p) => p.key === null)!;
    expect(await core.invoke('deadLetters.get', { partition: orphan.partition, offset: orphan.offset })).toMatchObject({ key: null, headers: [], current: null, origin: { convention: 'none' } });
  });

  test('an offset outside the partition is NOT_FOUND', async () => {
    await expect(core.invoke('deadLetters.get', { partition: 0, offset: '999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.invoke('deadLetters.get', { partition: 99, offset: '0' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('reads leave nothing behind', () => {
  test('no throwaway group, socket or timer outlives a list, a groups scan and a detail', async () => {
    await expectNoLeaks(async () => {
      const { core: own, dispose } = await startCore(conventions, {}, extras);
      try {
        await own.invoke('deadLetters.list', { pendingOnly: false, limit: 3 });
        await own.invoke('deadLetters.groups', { pendingOnly: false });
        await own.invoke('deadLetters.get', { partition: produced[0]!.partition, offset: produced[0]!.offset });
      } finally {
        await dispose();
      }
    });
    expect((await throwawayGroups(admin)).filter((g) => g.startsWith('cachescope-peek-'))).toEqual([]);
  });
});

describe('cachescope dlq list', () => {
  test('--json prints the page; --filter narrows it; text is a table', async () => {
    const run = await cli(['dlq', 'list', '--all', '--json', '--limit', '100', '--filter', 'kind=transient'], conventions, extras);
    expect(run.code, run.stderr).toBe(0);
    const page = JSON.parse(run.stdout) as { rows: DeadLetterRow[]; next: string | null };
    expect(page.rows.map(id)).toEqual(newestFirst(produced.filter((p) => p.errorKind === 'transient')));
    const text = await cli(['dlq', 'list', '--all', '--oldest', '--filter', `key=${keyPrefix}product:*`, '--filter', 'error=constraint'], conventions, extras);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^partition\s+offset\s+failed at\s+kind\s+state\s+key\s+original\s+error$/);
    expect(lines.filter((l) => l.includes(`${keyPrefix}product:`))).toHaveLength(6);
    const bad = await cli(['dlq', 'list', '--filter', 'colour=blue'], conventions, extras);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('colour');
  });
});
