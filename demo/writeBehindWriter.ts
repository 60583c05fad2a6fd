import type { Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { defaultConventions } from './config';
import { cacheKey, findEntity, type CachedRow } from './entities';
import { encodeEnvelope, type WriteEnvelope } from './envelope';
import { MISSING_ROW_SENTINEL } from './readThroughCache';
import { jitteredTtlSeconds } from './ttl';
import type { VersionClock } from './versionClock';

/**
 * Sets the cached value unless the cache already holds a newer version of the row. Two
 * writers racing on one key may reach Redis in either order; the version decides, as it
 * does in Postgres.
 */
const setIfNotOlderScript = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' and tonumber(decoded.version) and tonumber(decoded.version) >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
`;

/** Deletes the key only if it still holds this value: undoes our write, not a later one. */
const deleteIfUnchangedScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

export interface WriteBehindWriterOptions {
  redis: Redis;
  /** Connected by the caller, who also disconnects it. */
  producer: Producer;
  versions: VersionClock;
  topic?: string;
  ttlSeconds?: number;
  ttlJitterRatio?: number;
  /** How long a deleted key answers "missing" from the cache while the delete is queued. */
  deleteTombstoneTtlSeconds?: number;
  now?: () => number;
  random?: () => number;
}

export interface WriteReceipt {
  key: string;
  version: number;
  partition: number;
  offset: string;
}

/**
 * Write-behind: the new value goes to Redis at once (readers see it immediately), and the
 * change is queued on Kafka for the flusher to persist. acks=-1 because the queue is the
 * only durable copy of the write until the flusher commits it to Postgres.
 */
export class WriteBehindWriter {
  private readonly redis: Redis;
  private readonly producer: Producer;
  private readonly versions: VersionClock;
  private readonly topic: string;
  private readonly ttlSeconds: number;
  private readonly ttlJitterRatio: number;
  private readonly deleteTombstoneTtlSeconds: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(options: WriteBehindWriterOptions) {
    this.redis = options.redis;
    this.producer = options.producer;
    this.versions = options.versions;
    this.topic = options.topic ?? defaultConventions.queueTopic;
    this.ttlSeconds = options.ttlSeconds ?? 300;
    this.ttlJitterRatio = options.ttlJitterRatio ?? 0.1;
    this.deleteTombstoneTtlSeconds = options.deleteTombstoneTtlSeconds ?? 60;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  async upsert(entity: string, id: string, data: Record<string, unknown>): Promise<WriteReceipt> {
    const key = this.checkedKey(entity, id);
    const version = await this.versions.next(key);
    const producedAt = this.now();
    const row: CachedRow = { ...data, id, version, updated_at: new Date(producedAt).toISOString() };
    const value = JSON.stringify(row);
    const ttl = jitteredTtlSeconds(this.ttlSeconds, this.ttlJitterRatio, this.random);
    await this.redis.eval(setIfNotOlderScript, 1, key, value, String(version), String(ttl));
    return this.enqueue(key, value, { op: 'upsert', entity, id, version, data, producedAt });
  }

  async delete(entity: string, id: string): Promise<WriteReceipt> {
    const key = this.checkedKey(entity, id);
    const version = await this.versions.next(key);
    // A tombstone rather than DEL: with DEL, a read-through miss would reload the row
    // from Postgres before the flusher has deleted it there.
    await this.redis.set(key, MISSING_ROW_SENTINEL, 'EX', this.deleteTombstoneTtlSeconds);
    return this.enqueue(key, MISSING_ROW_SENTINEL, { op: 'delete', entity, id, version, producedAt: this.now() });
  }

  private checkedKey(entity: string, id: string): string {
    if (!findEntity(entity)) throw new Error(`unknown entity "${entity}"`);
    return cacheKey(entity, id);
  }

  private async enqueue(key: string, cachedValue: string, envelope: WriteEnvelope): Promise<WriteReceipt> {
    try {
      const [meta] = await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: [{ key, value: encodeEnvelope(envelope) }],
      });
      return { key, version: envelope.version, partition: meta!.partition, offset: meta!.baseOffset ?? '-1' };
    } catch (err) {
      // The write will never reach Postgres: stop serving it, so readers fall back to the
      // database (the truth) instead of a value that vanishes at its TTL.
      await this.redis.eval(deleteIfUnchangedScript, 1, key, cachedValue).catch(() => undefined);
      throw err;
    }
  }
}
