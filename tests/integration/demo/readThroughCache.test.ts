import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { productEntity, type CachedRow, type EntityDefinition } from '../../../demo/entities';
import { MISSING_ROW_SENTINEL, ReadThroughCache } from '../../../demo/readThroughCache';
import { postgresRowLoader, type RowLoader } from '../../../demo/rowLoader';
import { dropDemoSchema, ensureDemoSchema } from '../../../demo/schema';
import { prefixedRedis, testPool, uniqueName } from './support';

const pool = testPool();
const schema = uniqueName('demo_readthrough').toLowerCase();
const { redis, cleanup } = prefixedRedis();

/** The real Postgres loader, counting the loads that reach Postgres. */
class CountingLoader implements RowLoader {
  readonly loads: string[] = [];
  private readonly inner = postgresRowLoader(pool, schema);
  load(entity: EntityDefinition, id: string): Promise<CachedRow | null> {
    this.loads.push(`${entity.name}:${id}`);
    return this.inner.load(entity, id);
  }
}

let loader: CountingLoader;
let cache: ReadThroughCache;

beforeAll(async () => {
  await ensureDemoSchema(pool, schema);
  await pool.query(
    `INSERT INTO "${schema}".products (id, name, price_cents, stock, version, updated_at)
     VALUES ('hot', 'Hot product', 1999, 5, 7, '2025-11-26T10:00:00Z'), ('cold', 'Cold product', 500, null, 1, null)`,
  );
});

beforeEach(() => {
  loader = new CountingLoader();
  cache = new ReadThroughCache({ redis, loader, ttlSeconds: 100, ttlJitterRatio: 0.1, negativeTtlSeconds: 3 });
});

afterAll(async () => {
  await cleanup();
  await dropDemoSchema(pool, schema);
  await pool.end();
});

describe('read-through cache', () => {
  test('N concurrent misses on one key cause exactly one Postgres load', async () => {
    await redis.del('product:hot');
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.get('product', 'hot')));

    expect(loader.loads).toEqual(['product:hot']);
    expect(cache.stats).toEqual({ hits: 0, misses: 50, loads: 1 });
    const expected = { id: 'hot', name: 'Hot product', price_cents: 1999, stock: 5, version: 7, updated_at: '2025-11-26T10:00:00.000Z' };
    for (const row of results) expect(row).toEqual(expected);

    // Filled with a jittered TTL; the next read is a hit without Postgres.
    const ttl = await redis.ttl('product:hot');
    expect(ttl).toBeGreaterThanOrEqual(99);
    expect(ttl).toBeLessThanOrEqual(110);
    expect(JSON.parse((await redis.get('product:hot'))!)).toEqual(expected);
    expect(await cache.get('product', 'hot')).toEqual(expected);
    expect(loader.loads).toHaveLength(1);
  });

  test('a missing row is cached as a sentinel with a short TTL', async () => {
    expect(await cache.get('product', 'nope')).toBeNull();
    expect(await cache.get('product', 'nope')).toBeNull();
    expect(loader.loads).toEqual(['product:nope']);
    expect(await redis.get('product:nope')).toBe(MISSING_ROW_SENTINEL);
    expect(await redis.ttl('product:nope')).toBeLessThanOrEqual(3);
  });

  test('per-namespace hits and misses are counted in cachestats:{namespace}', async () => {
    await redis.del('cachestats:product', 'product:cold');
    await cache.get('product', 'cold');
    await cache.get('product', 'cold');
    await cache.get('product', 'cold');
    expect(await redis.hgetall('cachestats:product')).toEqual({ misses: '1', hits: '2' });
  });

  test('a fill never overwrites a value a writer cached meanwhile', async () => {
    await redis.del('product:cold');
    const slowLoader: RowLoader = {
      load: async (entity, id) => {
        const row = await postgresRowLoader(pool, schema).load(entity, id);
        // A write-behind writer caches version 2 while we hold version 1 from Postgres.
        await redis.set('product:cold', JSON.stringify({ ...row, version: 2, name: 'newer' }));
        return row;
      },
    };
    const racing = new ReadThroughCache({ redis, loader: slowLoader });
    expect((await racing.get('product', 'cold'))?.version).toBe(1);
    expect(JSON.parse((await redis.get('product:cold'))!)).toMatchObject({ version: 2, name: 'newer' });
  });

  test('a failed load rejects every waiter and is not cached', async () => {
    await redis.del('product:boom');
    const failing = new ReadThroughCache({ redis, loader: { load: () => Promise.reject(new Error('db down')) } });
    const results = await Promise.allSettled([failing.get('product', 'boom'), failing.get('product', 'boom')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await redis.exists('product:boom')).toBe(0);
    expect(productEntity.table).toBe('products');
  });
});
