import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Admin, Producer } from 'kafkajs';
import { Redis } from 'ioredis';
import { createProducer } from '../../../demo/kafkaClient';
import { WriteEnvelopeSchema } from '../../../demo/envelope';
import { MISSING_ROW_SENTINEL } from '../../../demo/readThroughCache';
import { ensureDemoTopics } from '../../../demo/schema';
import { VersionClock } from '../../../demo/versionClock';
import { WriteBehindWriter } from '../../../demo/writeBehindWriter';
import { endpoints, prefixedRedis, readTopic, testKafka, uniqueName } from './support';

const topic = `${uniqueName('demo_writer')}.writes`;
const kafka = testKafka();
const admin: Admin = kafka.admin();
const producer: Producer = createProducer(kafka);
const { redis, prefix, cleanup } = prefixedRedis();

function writer(client: Redis = redis) {
  return new WriteBehindWriter({ redis: client, producer, versions: new VersionClock(client), topic, ttlSeconds: 60 });
}

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  await ensureDemoTopics(admin, { queueTopic: topic, dlqTopic: `${topic}.dlq`, controlTopic: `${topic}.control` });
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`, `${topic}.control`] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
  await cleanup();
});

describe('write-behind writer', () => {
  test('caches the value, then queues the envelope keyed by the cache key', async () => {
    const receipt = await writer().upsert('product', '42', { name: 'Lamp', price_cents: 2500, stock: 3 });
    const cached = JSON.parse((await redis.get('product:42'))!);
    expect(cached).toMatchObject({ id: '42', name: 'Lamp', price_cents: 2500, stock: 3, version: receipt.version });
    expect(await redis.ttl('product:42')).toBeGreaterThan(50);

    const [message] = await readTopic(kafka, admin, topic, { count: 1 });
    expect(message!.key).toBe('product:42');
    expect(message!.partition).toBe(receipt.partition);
    const envelope = WriteEnvelopeSchema.parse(JSON.parse(message!.value!));
    expect(envelope).toMatchObject({ op: 'upsert', entity: 'product', id: '42', version: receipt.version, data: { name: 'Lamp', price_cents: 2500, stock: 3 } });
    expect(new Date(cached.updated_at).getTime()).toBe(envelope.producedAt);
  });

  test('versions increase per key across writer processes (separate connections)', async () => {
    const second = new Redis(endpoints().redisUrl, { keyPrefix: prefix });
    try {
      const writers = [writer(), writer(second)];
      const receipts = await Promise.all(
        Array.from({ length: 40 }, (_, i) => writers[i % 2]!.upsert('user', '7', { email: `u${i}@x.io`, name: 'U' })),
      );
      const versions = receipts.map((r) => r.version).sort((a, b) => a - b);
      expect(new Set(versions).size).toBe(40);
      // The cache holds the highest version, whatever order the writers reached Redis in.
      expect(JSON.parse((await redis.get('user:7'))!).version).toBe(versions.at(-1));
    } finally {
      await second.quit();
    }
  });

  test('losing the version counters does not restart versions below earlier ones', async () => {
    const before = await writer().upsert('product', 'v', { name: 'a', price_cents: 1 });
    await redis.del('demo:version:product:v');
    await new Promise((r) => setTimeout(r, 2)); // the floor is the clock: let it move
    const after = await writer().upsert('product', 'v', { name: 'b', price_cents: 1 });
    expect(after.version).toBeGreaterThan(before.version);
  });

  test('a delete leaves a tombstone and queues a versioned delete', async () => {
    await writer().upsert('product', 'gone', { name: 'x', price_cents: 1 });
    const receipt = await writer().delete('product', 'gone');
    expect(await redis.get('product:gone')).toBe(MISSING_ROW_SENTINEL);
    const messages = await readTopic(kafka, admin, topic, { until: (m) => m.some((x) => x.value?.includes('"delete"')) });
    const envelope = WriteEnvelopeSchema.parse(JSON.parse(messages.find((x) => x.value?.includes('"delete"'))!.value!));
    expect(envelope).toMatchObject({ op: 'delete', entity: 'product', id: 'gone', version: receipt.version });
  });
});
