import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Admin, Producer } from 'kafkajs';
import { Redis } from 'ioredis';
import { testKafka, uniqueName } from '../demo/support';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { analysisOf, keysHome, runAnalysis } from './support';

const kafka = testKafka();
const admin: Admin = kafka.admin();
const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
const base = uniqueName('keys_risk');
const writeBehind = { queueTopic: `${base}.writes`, dlqTopic: `${base}.writes.dlq`, controlTopic: `${base}.control`, flusherGroup: `${base}-flusher` };
const hour = 3_600_000;
let server: ThrowawayRedis;
let home: ReturnType<typeof keysHome>;

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: writeBehind.queueTopic }, { topic: writeBehind.dlqTopic }] });
  // Two writes queued an hour ago and not persisted: the flusher group sits before them.
  await producer.send({
    topic: writeBehind.queueTopic,
    acks: -1,
    messages: [1, 2].map((i) => ({ key: `fast:${i}`, value: 'w', timestamp: String(Date.now() - hour) })),
  });
  await admin.setOffsets({ groupId: writeBehind.flusherGroup, topic: writeBehind.queueTopic, partitions: [{ partition: 0, offset: '0' }] });

  server = new ThrowawayRedis(await freePort());
  await server.start();
  const redis = new Redis(server.url);
  const seed = redis.pipeline();
  for (let i = 0; i < 5; i++) seed.set(`fast:${i}`, 'v', 'PX', 2 * 60_000);
  for (let i = 0; i < 5; i++) seed.set(`slow:${i}`, 'v', 'PX', 72 * hour);
  for (let i = 0; i < 5; i++) seed.set(`plain:${i}`, 'v');
  await seed.exec();
  redis.disconnect();
  home = keysHome({ profile: { redis: { url: server.url }, writeBehind } });
});

afterAll(async () => {
  await admin.deleteGroups([writeBehind.flusherGroup]).catch(() => undefined);
  await admin.deleteTopics({ topics: [writeBehind.queueTopic, writeBehind.dlqTopic] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
  await server?.kill();
  home?.remove();
});

test('namespaces whose median TTL is shorter than the write-behind time lag are flagged', async () => {
  const core = await home.core();
  try {
    const before = await core.invoke('keys.risks', {});
    expect(before).toMatchObject({ analyzedAt: null, risks: [] });
    const analysis = analysisOf(await runAnalysis(core));
    // The time lag comes from the queue sampler, started by the first request.
    await expect.poll(async () => (await core.invoke('keys.risks', {})).timeLagMs ?? 0, { timeout: 30_000 }).toBeGreaterThan(hour - 60_000);
    const { risks, analyzedAt, timeLagMs } = await core.invoke('keys.risks', {});
    expect(analyzedAt).toBe(analysis.endedAt);
    expect(risks).toEqual([{ namespace: 'fast', keys: 5, medianTtlMs: expect.any(Number), timeLagMs }]);
    // The sketch's estimate is within a quarter of the real two minutes.
    expect(Math.abs(risks[0]!.medianTtlMs - 120_000) / 120_000).toBeLessThan(0.25);
  } finally {
    await core.dispose();
  }
});
