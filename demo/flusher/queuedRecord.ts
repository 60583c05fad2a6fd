import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { ErrorKind } from './errorClassification';

/** A queue record held in the flusher's in-memory batch, with where it came from. */
export interface QueuedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

export function toQueuedRecord(topic: string, partition: number, message: KafkaMessage): QueuedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
  };
}

/** A record the flusher gave up on, bound for the DLQ. */
export interface DeadLetter {
  record: QueuedRecord;
  error: string;
  kind: ErrorKind;
  /** How many times the flusher tried to apply this record on its own. */
  attempts: number;
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** Kafka commits the offset of the next record to read: last handled + 1. */
  offset: string;
}

/**
 * The offsets to commit once a batch is handled: per partition, one past the highest offset
 * in the batch. Records of a partition arrive in order and batches are handled one at a
 * time, so everything below that offset has been persisted or dead-lettered.
 */
export function offsetsToCommit(records: readonly QueuedRecord[]): TopicPartitionOffset[] {
  const highest = new Map<string, { topic: string; partition: number; offset: bigint }>();
  for (const record of records) {
    const id = `${record.topic}\u0000${record.partition}`;
    const offset = BigInt(record.offset);
    const current = highest.get(id);
    if (!current || offset > current.offset) highest.set(id, { topic: record.topic, partition: record.partition, offset });
  }
  return [...highest.values()]
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map(({ topic, partition, offset }) => ({ topic, partition, offset: String(offset + 1n) }));
}
