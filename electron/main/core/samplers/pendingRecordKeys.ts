import { randomUUID } from 'node:crypto';
import type { Admin, EachBatchPayload, Kafka } from 'kafkajs';
import { deleteThrowawayGroup } from '../connections/throwawayGroup';
import { peekGroupPrefix, until } from './recordTimestampReader';

export interface PendingRange {
  partition: number;
  /** The flusher group's committed offset (the topic's low watermark when it never committed). */
  from: number;
  /** The high watermark: the records in [from, to) are not persisted yet. */
  to: number;
}

/** The records each partition holds that the group has not committed, from the admin's offsets. */
export async function pendingRanges(admin: Admin, topic: string, groupId: string): Promise<PendingRange[]> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const commits = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return ends.map((end) => {
    const low = Number(end.low);
    const at = commits.get(end.partition) ?? -1;
    return { partition: end.partition, from: at >= low ? at : low, to: Number(end.high) };
  });
}

export interface PendingReadOptions {
  /** Records read at most, shared evenly between the partitions with pending records. */
  limit: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PendingRead {
  pendingRecords: number;
  scannedRecords: number;
  /** Not every pending record was (or could be) read. */
  bounded: boolean;
}

/**
 * Reads the keys of the records not yet persisted (between the committed offset and the high
 * watermark), at most `limit` of them, handing each record's key to `onKey`. kafkajs has no
 * manual assignment: a throwaway group joins, seeks each partition to its range and pauses it
 * at the range's end; the group is deleted after (DESIGN.md §5).
 */
export async function readPendingKeys(kafka: Kafka, topic: string, ranges: readonly PendingRange[], options: PendingReadOptions, onKey: (key: Buffer | null) => void): Promise<PendingRead> {
  const pending = ranges.filter((r) => r.to > r.from);
  const pendingRecords = pending.reduce((sum, r) => sum + (r.to - r.from), 0);
  if (pending.length === 0 || options.limit === 0 || options.signal?.aborted) return { pendingRecords, scannedRecords: 0, bounded: pendingRecords > 0 };
  const share = Math.max(1, Math.floor(options.limit / pending.length));
  const ends = new Map(pending.map((r) => [r.partition, Math.min(r.to, r.from + share)]));
  const starts = new Map(pending.map((r) => [r.partition, r.from]));
  const finished = new Set<number>();
  let scannedRecords = 0;
  let allRead: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allRead = resolve));
  const groupId = `${peekGroupPrefix}${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });

  const onBatch = async ({ batch }: EachBatchPayload) => {
    const start = starts.get(batch.partition);
    const end = ends.get(batch.partition);
    if (start === undefined || end === undefined || finished.has(batch.partition)) return;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < start) continue;
      if (offset >= end) break;
      scannedRecords++;
      onKey(message.key);
    }
    // Transaction markers and compacted gaps: the range ends when a batch reaches past it.
    if (Number(batch.lastOffset()) >= end - 1) {
      finished.add(batch.partition);
      consumer.pause([{ topic, partitions: [batch.partition] }]);
      if (finished.size === ends.size) allRead();
    }
  };

  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: onBatch });
    const idle = ranges.filter((r) => !ends.has(r.partition)).map((r) => r.partition);
    if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
    for (const [partition, offset] of starts) consumer.seek({ topic, partition, offset: String(offset) });
    await until(done, options.timeoutMs, options.signal);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await deleteThrowawayGroup(kafka, groupId);
  }
  return { pendingRecords, scannedRecords, bounded: scannedRecords < pendingRecords };
}
