import type { Redis } from 'ioredis';
import { defaultConventions } from './config';
import { cacheKey, findEntity, type CachedRow, type EntityDefinition } from './entities';
import type { RowLoader } from './rowLoader';
import { jitteredTtlSeconds } from './ttl';

/**
 * Cached in place of a row that does not exist, so repeated reads of a missing id (a typo,
 * a scan, an attack) hit Redis instead of Postgres. It is not JSON on purpose: nobody can
 * mistake it for a row.
 */
export const MISSING_ROW_SENTINEL = '__cachescope:missing__';

export interface ReadThroughCacheOptions {
  redis: Redis;
  loader: RowLoader;
  /** TTL of a filled row; each fill adds up to `ttlJitterRatio` of it at random. */
  ttlSeconds?: number;
  ttlJitterRatio?: number;
  /** Short, so a row created after a miss shows up soon. */
  negativeTtlSeconds?: number;
  /** Prefix of the per-namespace stats hashes (`cachestats:` by convention). */
  statsPrefix?: string;
  random?: () => number;
}

/** What this process saw, for the load generator's summary line. */
export interface ReadThroughCounters {
  hits: number;
  misses: number;
  /** Loads that actually ran; misses minus loads is what coalescing saved. */
  loads: number;
}

/**
 * Read-through cache: Redis first, Postgres on a miss. Misses on the same key while a load
 * is in flight share that load (request coalescing), which is what keeps a hot key's
 * expiry from becoming N identical queries.
 */
export class ReadThroughCache {
  private readonly redis: Redis;
  private readonly loader: RowLoader;
  private readonly ttlSeconds: number;
  private readonly ttlJitterRatio: number;
  private readonly negativeTtlSeconds: number;
  private readonly statsPrefix: string;
  private readonly random: () => number;
  private readonly inflight = new Map<string, Promise<CachedRow | null>>();
  private readonly counters: ReadThroughCounters = { hits: 0, misses: 0, loads: 0 };

  constructor(options: ReadThroughCacheOptions) {
    this.redis = options.redis;
    this.loader = options.loader;
    this.ttlSeconds = options.ttlSeconds ?? 300;
    this.ttlJitterRatio = options.ttlJitterRatio ?? 0.1;
    this.negativeTtlSeconds = options.negativeTtlSeconds ?? 5;
    this.statsPrefix = options.statsPrefix ?? defaultConventions.namespaceStatsPrefix;
    this.random = options.random ?? Math.random;
  }

  get stats(): Readonly<ReadThroughCounters> {
    return { ...this.counters };
  }

  /** The row, or null when Postgres has none. */
  async get(namespace: string, id: string): Promise<CachedRow | null> {
    const entity = findEntity(namespace);
    if (!entity) throw new Error(`unknown namespace "${namespace}"`);
    const key = cacheKey(namespace, id);

    const cached = await this.redis.get(key);
    if (cached !== null) {
      this.counters.hits++;
      await this.redis.hincrby(this.statsPrefix + namespace, 'hits', 1);
      return cached === MISSING_ROW_SENTINEL ? null : (JSON.parse(cached) as CachedRow);
    }

    this.counters.misses++;
    await this.redis.hincrby(this.statsPrefix + namespace, 'misses', 1);
    return this.loadOnce(key, entity, id);
  }

  /** Joins the load in flight for this key, or starts one. */
  private loadOnce(key: string, entity: EntityDefinition, id: string): Promise<CachedRow | null> {
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const load = this.loadAndFill(key, entity, id).finally(() => this.inflight.delete(key));
    this.inflight.set(key, load);
    return load;
  }

  private async loadAndFill(key: string, entity: EntityDefinition, id: string): Promise<CachedRow | null> {
    this.counters.loads++;
    const row = await this.loader.load(entity, id);
    // NX: a write-behind writer may have cached a newer value while we were reading
    // Postgres (which lags the queue); the fill must not overwrite it with the older row.
    if (row) {
      const ttl = jitteredTtlSeconds(this.ttlSeconds, this.ttlJitterRatio, this.random);
      await this.redis.set(key, JSON.stringify(row), 'EX', ttl, 'NX');
    } else {
      await this.redis.set(key, MISSING_ROW_SENTINEL, 'EX', this.negativeTtlSeconds, 'NX');
    }
    return row;
  }
}
