import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import type { Core } from '../../../electron/main/core/core';
import type { KeyPage, KeyRow, KeySearch, ScanCursor } from '../../../shared/contracts/keys';
import { AppError } from '../../../shared/errors';
import { keyNameToHex } from '../../../shared/keyName';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { testHome } from '../stats/support';

let server: ThrowawayRedis;
let redis: Redis;
let core: Core;
const home = testHome();

beforeAll(async () => {
  server = new ThrowawayRedis(await freePort());
  await server.start();
  redis = new Redis(server.url);
  core = await home.core({ redisUrl: server.url });
});

afterAll(async () => {
  await core?.dispose();
  redis?.disconnect();
  await server?.kill();
  home.remove();
});

/** Every row a search finds, page after page until the cursor is done. */
async function browseAll(search: KeySearch, pageSize = 100): Promise<{ rows: KeyRow[]; pages: number }> {
  const rows: KeyRow[] = [];
  let cursor: ScanCursor | null = null;
  let pages = 0;
  do {
    const page: KeyPage = await core.invoke('keys.scan', { search, pageSize, ...(cursor ? { cursor } : {}) });
    rows.push(...page.keys);
    cursor = page.cursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}

const hexOf = (key: string | Buffer) => keyNameToHex(typeof key === 'string' ? Buffer.from(key) : key);

describe('awkward key names', () => {
  const names: Buffer[] = [
    Buffer.from([0x61, 0x77, 0x6b, 0x3a, 0xff, 0x00, 0xfe, 0x01]),
    Buffer.from('awk:glob*?[x]\\y'),
    Buffer.from('awk:globXYZ?[x]\\y'),
    Buffer.from('awk:ünïcødé:商品:😀'),
    Buffer.from('awk:line\nbreak\r\n'),
    Buffer.from(`awk:long:${'n'.repeat(10_000)}`),
  ];

  beforeAll(async () => {
    for (const [i, name] of names.entries()) await redis.set(name, `value ${i}`);
  });

  test('browsing finds each one, with its exact bytes and an escaped name', async () => {
    const { rows } = await browseAll({ text: 'awk:*', as: 'glob' });
    expect(rows.map((r) => r.key.hex).sort()).toEqual(names.map(hexOf).sort());
    const byHex = new Map(rows.map((r) => [r.key.hex, r]));
    expect(byHex.get(hexOf(names[0]!))!.key.display).toBe('awk:\\xff\\x00\\xfe\\x01');
    expect(byHex.get(hexOf(names[1]!))!.key.display).toBe('awk:glob*?[x]\\\\y');
    expect(byHex.get(hexOf(names[3]!))!.key.display).toBe('awk:ünïcødé:商品:😀');
    expect(byHex.get(hexOf(names[4]!))!.key.display).toBe('awk:line\\x0abreak\\x0d\\x0a');
    expect(rows.every((r) => r.type === 'string' && r.ttlMs === null && r.memory! > 0)).toBe(true);
  });

  test('a literal search matches glob characters as themselves; a hex search finds binary bytes', async () => {
    const literal = await browseAll({ text: 'glob*?[x]\\y', as: 'literal' });
    expect(literal.rows.map((r) => r.key.hex)).toEqual([hexOf(names[1]!)]);
    expect((await browseAll({ text: 'awk:glob*', as: 'literal' })).rows.map((r) => r.key.hex)).toEqual([hexOf(names[1]!)]);
    // As a glob, the star matches both of them.
    const glob = await browseAll({ text: 'awk:glob*', as: 'glob' });
    expect(glob.rows.map((r) => r.key.hex).sort()).toEqual([hexOf(names[1]!), hexOf(names[2]!)].sort());
    const binary = await browseAll({ text: 'FF 00 FE', as: 'hex' });
    expect(binary.rows.map((r) => r.key.hex)).toEqual([hexOf(names[0]!)]);
    await expect(core.invoke('keys.scan', { search: { text: 'not hex', as: 'hex' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  test('each one opens by its hex, exactly', async () => {
    for (const [i, name] of names.entries()) {
      const detail = await core.invoke('keys.get', { hex: hexOf(name) });
      expect(detail.key.hex).toBe(hexOf(name));
      expect(detail.preview).toEqual({ kind: 'string', value: { format: 'text', text: `value ${i}`, bytes: String(`value ${i}`).length, truncated: false } });
    }
  });
});

test('paging continues the cursor and returns every key exactly once over all pages', async () => {
  const keys = Array.from({ length: 2_500 }, (_, i) => `page:${i}`);
  for (let i = 0; i < keys.length; i += 500) await redis.mset(...keys.slice(i, i + 500).flatMap((k) => [k, '1']));
  // Noise the pattern must leave out.
  await redis.mset('other:1', '1', 'other:2', '2');
  const { rows, pages } = await browseAll({ text: 'page:*', as: 'glob' }, 100);
  expect(pages).toBeGreaterThan(10);
  expect(rows).toHaveLength(keys.length);
  expect(new Set(rows.map((r) => r.key.display))).toEqual(new Set(keys));
});

test('a page tells type, TTL and memory of each key', async () => {
  await redis.set('row:ttl', 'v', 'PX', 600_000);
  await redis.rpush('row:list', 'a', 'b');
  const { rows } = await browseAll({ text: 'row:*', as: 'glob' });
  const byName = Object.fromEntries(rows.map((r) => [r.key.display, r]));
  expect(byName['row:ttl']).toMatchObject({ type: 'string', node: `127.0.0.1:${server.port}` });
  expect(byName['row:ttl']!.ttlMs).toBeGreaterThan(590_000);
  expect(byName['row:ttl']!.ttlMs).toBeLessThanOrEqual(600_000);
  expect(byName['row:list']).toMatchObject({ type: 'list', ttlMs: null });
  expect(byName['row:list']!.memory).toBeGreaterThan(0);
});

describe('key detail', () => {
  test('every type previews: JSON pretty, list, hash, set, zset, stream; TTL with its expiry', async () => {
    await redis.set('detail:json', JSON.stringify({ id: 42, tags: ['a'] }), 'EX', 300);
    await redis.rpush('detail:list', 'one', 'two', 'three');
    await redis.hset('detail:hash', { name: 'widget', bin: Buffer.from([0, 1, 2]) });
    await redis.sadd('detail:set', 'x', 'y');
    await redis.zadd('detail:zset', 1.5, 'low', 10, 'high');
    await redis.xadd('detail:stream', '1-1', 'event', 'created');

    const json = await core.invoke('keys.get', { hex: hexOf('detail:json') });
    expect(json).toMatchObject({ type: 'string', encoding: 'embstr', length: 22, truncated: false, idleNote: null });
    expect(json.preview).toEqual({ kind: 'string', value: { format: 'json', text: '{\n  "id": 42,\n  "tags": [\n    "a"\n  ]\n}', bytes: 22, truncated: false } });
    expect(json.ttlMs).toBeGreaterThan(295_000);
    expect(json.expiresAt).toBe(json.readAt + json.ttlMs!);
    expect(json.idleSeconds).toBeGreaterThanOrEqual(0);

    const list = await core.invoke('keys.get', { hex: hexOf('detail:list') });
    expect(list).toMatchObject({ type: 'list', length: 3, ttlMs: null, expiresAt: null, truncated: false });
    expect(list.preview.kind === 'list' && list.preview.items.map((i) => i.text)).toEqual(['one', 'two', 'three']);

    const hash = await core.invoke('keys.get', { hex: hexOf('detail:hash') });
    expect(hash).toMatchObject({ type: 'hash', encoding: 'listpack', length: 2 });
    const entries = hash.preview.kind === 'hash' ? hash.preview.entries : [];
    expect(Object.fromEntries(entries.map((e) => [e.field.text, [e.value.format, e.value.text]]))).toEqual({ name: ['text', 'widget'], bin: ['hex', '00 01 02'] });

    const set = await core.invoke('keys.get', { hex: hexOf('detail:set') });
    expect(set.preview.kind === 'set' && set.preview.members.map((m) => m.text).sort()).toEqual(['x', 'y']);

    const zset = await core.invoke('keys.get', { hex: hexOf('detail:zset') });
    expect(zset.preview.kind === 'zset' && zset.preview.members.map((m) => [m.member.text, m.score])).toEqual([
      ['low', '1.5'],
      ['high', '10'],
    ]);

    const stream = await core.invoke('keys.get', { hex: hexOf('detail:stream') });
    expect(stream).toMatchObject({ type: 'stream', length: 1 });
    expect(stream.preview).toEqual({
      kind: 'stream',
      entries: [{ id: '1-1', fields: [{ field: expect.objectContaining({ text: 'event' }), value: expect.objectContaining({ text: 'created' }) }] }],
    });
  });

  test('a missing key is NOT_FOUND, naming the key', async () => {
    const error = await core.invoke('keys.get', { hex: hexOf(Buffer.from([0x6e, 0x6f, 0xff])) }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'no key "no\\xff"' });
  });

  test('under an LFU policy idle time is n/a, and says why', async () => {
    await redis.set('detail:lfu', 'v');
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    try {
      const detail = await core.invoke('keys.get', { hex: hexOf('detail:lfu') });
      expect(detail.idleSeconds).toBeNull();
      expect(detail.idleNote).toMatch(/LFU/);
    } finally {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });
});

describe('huge values open within bounds', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  /** Bytes Redis has sent to its clients, ours included. */
  const sentByRedis = async () => Number(/total_net_output_bytes:(\d+)/.exec(await redis.info('stats'))![1]);
  /** Heap and buffers of this process after a full collection. */
  const memoryInUse = () => {
    gc();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };

  async function previewWithin(key: string) {
    await core.invoke('keys.get', { hex: hexOf('detail:json') }).catch(() => undefined);
    const memoryBefore = memoryInUse();
    const sentBefore = await sentByRedis();
    const detail = await core.invoke('keys.get', { hex: hexOf(key) });
    const sent = (await sentByRedis()) - sentBefore;
    const grown = memoryInUse() - memoryBefore;
    return { detail, sent, grown, previewBytes: JSON.stringify(detail.preview).length };
  }

  test('a 500 MB string: its first bytes only', async () => {
    await redis.setrange('huge:string', 524_287_999, 'x');
    const { detail, sent, grown, previewBytes } = await previewWithin('huge:string');
    expect(detail).toMatchObject({ type: 'string', length: 524_288_000, truncated: true });
    expect(detail.memory).toBeGreaterThan(500_000_000);
    expect(detail.preview.kind === 'string' && detail.preview.value).toMatchObject({ format: 'hex', bytes: 524_288_000, truncated: true });
    expect(previewBytes).toBeLessThan(100_000);
    expect(sent).toBeLessThan(200_000);
    expect(grown).toBeLessThan(4_000_000);
    await redis.unlink('huge:string');
  });

  test('a hash of a million fields: a hundred of them', async () => {
    // HSET in chunks of 1000 fields, server-side: a million round trips of seeding would dwarf the test.
    const seed = `for c = 0, 999 do
      local args = {}
      for i = 1, 1000 do args[#args + 1] = 'field:' .. (c * 1000 + i); args[#args + 1] = 'value:' .. i end
      redis.call('HSET', KEYS[1], unpack(args))
    end`;
    await redis.eval(seed, 1, 'huge:hash');
    expect(await redis.hlen('huge:hash')).toBe(1_000_000);
    const { detail, sent, grown, previewBytes } = await previewWithin('huge:hash');
    expect(detail).toMatchObject({ type: 'hash', encoding: 'hashtable', length: 1_000_000, truncated: true });
    const entries = detail.preview.kind === 'hash' ? detail.preview.entries : [];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(100);
    expect(previewBytes).toBeLessThan(50_000);
    expect(sent).toBeLessThan(100_000);
    expect(grown).toBeLessThan(4_000_000);
    await redis.unlink('huge:hash');
  });
});
