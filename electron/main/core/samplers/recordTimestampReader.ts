import { randomUUID } from 'node:crypto';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { deleteThrowawayGroup } from '../connections/throwawayGroup';

export interface WantedRecord {
  partition: number;
  offset: number;
}

export interface FoundRecord {
  partition: number;
  /** The offset asked for; the record found is the first one at or after it. */
  offset: number;
  foundOffset: number;
  timestamp: number;
}

export interface ReadOptions {
  /** Every partition of the topic: all but the wanted ones are paused. */
  partitions: readonly number[];
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Throwaway groups are named so that a person listing groups knows whose they are. */
export const peekGroupPrefix = 'cachescope-peek-';

/** Resolves when `done` does, when `ms` passed or when `signal` aborts, whichever comes first. */
export function until(done: Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
    if (signal?.aborted) finish();
    void done.then(finish);
  });
}

/**
 * Reads the first record at or after each wanted offset of one topic, for its timestamp.
 * kafkajs has no manual assignment, so this joins a throwaway consumer group, seeks the
 * wanted partitions, takes one record from each and leaves; the group is deleted after.
 * That costs a group join (on production brokers at least group.initial.rebalance.delay.ms,
 * 3 s by default), so callers do it rarely. Partitions that yield nothing in time (the
 * record was deleted meanwhile, the broker is slow) are missing from the result.
 */
export async function readFirstRecords(
  kafka: Kafka,
  topic: string,
  wanted: readonly WantedRecord[],
  { partitions, timeoutMs, signal }: ReadOptions,
): Promise<FoundRecord[]> {
  if (wanted.length === 0 || signal?.aborted) return [];
  const from = new Map(wanted.map((w) => [w.partition, w.offset]));
  const found = new Map<number, FoundRecord>();
  let allFound: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allFound = resolve));
  const groupId = `${peekGroupPrefix}${randomUUID()}`;
  // One record per partition is wanted: small fetches, answered quickly.
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    maxBytesPerPartition: 64 * 1024,
    maxBytes: 4 * 1024 * 1024,
    allowAutoTopicCreation: false,
  });

  const onBatch = async ({ batch }: EachBatchPayload) => {
    const offset = from.get(batch.partition);
    if (offset === undefined || found.has(batch.partition)) return;
    const first = batch.messages.find((m) => Number(m.offset) >= offset);
    if (!first) return;
    found.set(batch.partition, {
      partition: batch.partition,
      offset,
      foundOffset: Number(first.offset),
      timestamp: Number(first.timestamp),
    });
    consumer.pause([{ topic, partitions: [batch.partition] }]);
    if (found.size === from.size) allFound();
  };

  try {
    await consumer.connect();
    // From the beginning: if retention removed the wanted record meanwhile, the next one
    // still in the log is the oldest pending record.
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: onBatch });
    consumer.pause([{ topic, partitions: partitions.filter((p) => !from.has(p)) }]);
    // Seeks apply at the next fetch; answers to fetches already in flight are discarded.
    for (const [partition, offset] of from) consumer.seek({ topic, partition, offset: String(offset) });
    await until(done, timeoutMs, signal);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await deleteThrowawayGroup(kafka, groupId);
  }
  return [...found.values()];
}
