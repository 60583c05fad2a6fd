import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRequire } from 'node:module';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { partitionForKey } from '../../../electron/main/core/analysis/murmur2';
import { PartitionFetcher, clusterFactoryOf } from '../../../electron/main/core/connections/partitionFetcher';
import { readRanges } from '../../../electron/main/core/samplers/pendingRecordKeys';
import { createProducer } from '../../../demo/kafkaClient';
import { testKafka, uniqueName } from '../demo/support';
import { expectNoLeaks } from '../support/leaks';

/**
 * PartitionFetcher uses kafkajs internals (connections/partitionFetcher.ts): these tests fail
 * when an upgrade moves them. And the partition CacheScope computes for a key is the one
 * kafkajs' default partitioner (the Java client's murmur2) chose, for text and binary keys.
 */

const partitions = 7;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const topic = uniqueName('inv-fetch');

beforeAll(async () => {
  kafka = testKafka();
  admin = kafka.admin();
  producer = createProducer(kafka);
  await admin.connect();
  await producer.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
});

test('the kafkajs internals the fetcher relies on are where it expects them', () => {
  expect(typeof clusterFactoryOf(kafka)).toBe('function');
  const cluster = clusterFactoryOf(kafka)({ allowAutoTopicCreation: false, isolationLevel: 1, instrumentationEmitter: null });
  for (const method of ['connect', 'disconnect', 'addTargetTopic', 'findTopicPartitionMetadata', 'findLeaderForPartitions', 'findBroker', 'findGroupCoordinator']) {
    expect(typeof (cluster as unknown as Record<string, unknown>)[method], method).toBe('function');
  }
  const Batch = createRequire(import.meta.url)('kafkajs/src/consumer/batch') as { prototype: Record<string, unknown> };
  expect(typeof Batch.prototype.lastOffset).toBe('function');
});

test('murmur2 puts every key on the partition the kafkajs default partitioner chose, text and binary', async () => {
  const keys: Buffer[] = [];
  for (let i = 0; i < 1500; i++) keys.push(Buffer.from(`product:${i}${'é商'.repeat(i % 5)}`));
  for (let i = 0; i < 500; i++) keys.push(Buffer.from(Array.from({ length: i % 37 }, (_, j) => (i * 31 + j * 7) % 256)));
  for (let at = 0; at < keys.length; at += 500) {
    await producer.send({ topic, acks: -1, messages: keys.slice(at, at + 500).map((key, i) => ({ key, value: String(at + i) })) });
  }
  const fetcher = new PartitionFetcher(kafka);
  const misplaced: string[] = [];
  let read = 0;
  try {
    expect(await fetcher.partitionCount(topic)).toBe(partitions);
    const ends = await fetcher.listOffsets(topic, [...Array(partitions).keys()], 'latest');
    const ranges = [...ends].map(([partition, end]) => ({ partition, from: 0, to: Number(end) }));
    const result = await readRanges(fetcher, topic, ranges, { limit: 10_000, timeoutMs: 30_000 }, (partition, message) => {
      read++;
      if (partitionForKey(message.key!, partitions) !== partition) misplaced.push(message.key!.toString('hex'));
    });
    expect(result).toMatchObject({ complete: true, bounded: false, scannedRecords: keys.length });
  } finally {
    await fetcher.disconnect();
  }
  expect(read).toBe(keys.length);
  expect(misplaced).toEqual([]);
});

test('a range is read from its first offset to its end only, one Fetch per round and no consumer group; a start deleted by retention continues at the log start', async () => {
  const key = Buffer.from(uniqueName('range'));
  const partition = partitionForKey(key, partitions);
  const before = Number((await admin.fetchTopicOffsets(topic)).find((p) => p.partition === partition)!.high);
  for (let at = 0; at < 1000; at += 250) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 250 }, (_, i) => ({ key, value: String(at + i) })) });
  }
  const requests: string[] = [];
  await expectNoLeaks(async () => {
    const fetcher = new PartitionFetcher(kafka, { onRequest: (r) => requests.push(r.apiName) });
    try {
      await fetcher.partitionCount(topic);
      const values: string[] = [];
      const result = await readRanges(fetcher, topic, [{ partition, from: before + 100, to: before + 900 }], { limit: 10_000, timeoutMs: 30_000 }, (_, m) => values.push(m.value!.toString()));
      expect(result).toMatchObject({ complete: true, scannedRecords: 800, pendingRecords: 800 });
      expect(values[0]).toBe('100');
      expect(values.at(-1)).toBe('899');

      await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset: String(before + 500) }] });
      const after: string[] = [];
      const retained = await readRanges(fetcher, topic, [{ partition, from: before + 100, to: before + 1000 }], { limit: 10_000, timeoutMs: 30_000 }, (_, m) => after.push(m.value!.toString()));
      expect(retained.complete).toBe(true);
      expect(after[0]).toBe('500');
      expect(after).toHaveLength(500);
    } finally {
      await fetcher.disconnect();
    }
  });
  expect(requests.filter((name) => /Group|Heartbeat|OffsetCommit/.test(name))).toEqual([]);
  expect(requests).toContain('Fetch');
});
