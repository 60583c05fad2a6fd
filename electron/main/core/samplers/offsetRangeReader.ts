import { randomUUID } from 'node:crypto';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { deleteThrowawayGroup } from '../connections/throwawayGroup';
import { peekGroupPrefix, until } from './recordTimestampReader';

/** The records `from` ≤ offset < `to` of one partition. */
export interface OffsetRange {
  partition: number;
  from: number;
  to: number;
}

export interface RangeReadHandlers {
  /** A record of the range being read, in offset order, each offset once. */
  onMessage(partition: number, message: KafkaMessage): void;
  /**
   * The partition's range was read to its end: the next range to read on it (anywhere, before
   * or after), or null when the partition is done.
   */
  onRangeEnd(range: OffsetRange): OffsetRange | null;
}

export interface RangeReadOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bytes a fetch returns per partition at most (a record larger than this still arrives, alone). */
  maxBytesPerPartition?: number;
}

export interface RangeRead {
  /** Every partition reached the end of its last range before the time ran out or the signal aborted. */
  complete: boolean;
}

/**
 * Reads ranges of offsets of one topic, whole records, then leaves. kafkajs has no manual
 * assignment: a throwaway group joins, seeks each partition to its range, pauses the others,
 * and seeks again (or pauses) as each range ends; the group is deleted after (DESIGN.md §5).
 * Fetches still in flight when a seek was made are skipped, so a handler sees each offset of
 * a range once.
 */
export async function readOffsetRanges(
  kafka: Kafka,
  topic: string,
  partitions: readonly number[],
  ranges: readonly OffsetRange[],
  handlers: RangeReadHandlers,
  options: RangeReadOptions,
): Promise<RangeRead> {
  const current = new Map<number, OffsetRange>();
  /** Per partition, the next offset its range hands out: what a repeated or stale fetch must not hand again. */
  const next = new Map<number, number>();
  for (const range of ranges) {
    if (range.to > range.from) current.set(range.partition, range);
  }
  if (current.size === 0) return { complete: true };
  if (options.signal?.aborted) return { complete: false };
  let allRead: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allRead = resolve));
  const groupId = `${peekGroupPrefix}${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
    ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
  });

  const start = (range: OffsetRange) => {
    current.set(range.partition, range);
    next.set(range.partition, range.from);
    consumer.seek({ topic, partition: range.partition, offset: String(range.from) });
  };

  const onBatch = async ({ batch }: EachBatchPayload) => {
    const range = current.get(batch.partition);
    if (range === undefined) return;
    const before = next.get(batch.partition) ?? range.from;
    // A fetch made before the last seek: its records belong to another range.
    // kafkajs keeps the offset a fetch asked for on the batch, without typing it.
    const fetched = Number((batch as typeof batch & { fetchedOffset: string }).fetchedOffset);
    if (fetched < range.from || fetched > before) return;
    let at = before;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < at) continue;
      if (offset >= range.to) break;
      at = offset + 1;
      handlers.onMessage(batch.partition, message);
    }
    next.set(batch.partition, at);
    // Transaction markers and compacted gaps: the range ends when a batch reaches past it.
    if (Number(batch.lastOffset()) < range.to - 1) return;
    const following = handlers.onRangeEnd(range);
    if (following !== null && following.to > following.from) {
      start(following);
      return;
    }
    current.delete(batch.partition);
    consumer.pause([{ topic, partitions: [batch.partition] }]);
    if (current.size === 0) allRead();
  };

  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: onBatch });
    const idle = partitions.filter((p) => !current.has(p));
    if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
    for (const range of [...current.values()]) start(range);
    await until(done, options.timeoutMs, options.signal);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await deleteThrowawayGroup(kafka, groupId);
  }
  return { complete: current.size === 0 };
}
