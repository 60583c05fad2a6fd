import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';

/** Where to read one partition: from `start` up to `end` (exclusive, the high watermark when the job started). */
export interface PartitionSpan {
  partition: number;
  start: number;
  end: number;
}

export interface StreamBatch {
  partition: number;
  /** Records at or past the span's start and before its end, in offset order. */
  messages: KafkaMessage[];
  /** The span was read to its end with this batch. */
  reachedEnd: boolean;
  /** Keeps the group membership alive during a long batch. */
  heartbeat(): Promise<void>;
}

export interface StreamOptions {
  topic: string;
  groupId: string;
  spans: readonly PartitionSpan[];
  /** Every partition of the topic: those without a span are paused. */
  partitions: readonly number[];
  signal: AbortSignal;
  /** Gets each batch in order per partition (one at a time); the next fetch waits for it. */
  onBatch(batch: StreamBatch): Promise<void>;
  /** Called with the consumer once it runs: the replay commits its cursor through it. */
  onConsumer?(consumer: Consumer): void;
  /** Stop before the spans end (a count that has seen enough). */
  stop?: AbortSignal;
}

export interface StreamOutcome {
  /** Spans read to their end; the others were cancelled, stopped, or taken by another member of the group (never counted as read). */
  finished: Set<number>;
}

/**
 * Streams spans of a topic through a consumer of `groupId`, one batch at a time, never holding
 * more than kafkajs' fetch: it joins the group, seeks each span's partition to its start, pauses
 * the partitions it has nothing to read in and each one it read to the end. kafkajs has no manual
 * assignment, hence the group (DESIGN.md §5); the replay reads through its cursor group so it
 * can commit, previews through a throwaway one. A batch handler that throws ends the stream
 * with that error (kafkajs would retry the batch, the caller must decide). When another member
 * of the group takes a partition, its span ends unfinished; a rejoin that moves a partition
 * back to its committed offset redelivers records the handler has seen (it skips them).
 */
export async function streamSpans(kafka: Kafka, options: StreamOptions): Promise<StreamOutcome> {
  const { topic, signal } = options;
  const spans = new Map(options.spans.filter((s) => s.end > s.start).map((s) => [s.partition, s]));
  const finished = new Set<number>();
  const taken = new Set<number>();
  if (spans.size === 0 || signal.aborted) return { finished };
  let settle: (error?: unknown) => void = () => undefined;
  const ended = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  const consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    // A killed replay leaves its member behind: the next one waits only this long to take over.
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
  });
  // A batch being handled finishes first (its produce acknowledged, its commit made): a cancel never strands one half-done.
  let inFlight: Promise<unknown> = Promise.resolve();
  const endIfDone = () => {
    if ([...spans.keys()].every((p) => finished.has(p) || taken.has(p))) settle();
  };
  const onBatch = async ({ batch, heartbeat, isRunning, isStale }: EachBatchPayload) => {
    const span = spans.get(batch.partition);
    if (!span || finished.has(batch.partition) || taken.has(batch.partition) || !isRunning() || isStale() || signal.aborted || options.stop?.aborted) return;
    const messages = batch.messages.filter((m) => {
      const offset = Number(m.offset);
      return offset >= span.start && offset < span.end;
    });
    // Transaction markers and compacted gaps: the span ends when a batch reaches past it.
    const reachedEnd = Number(batch.lastOffset()) >= span.end - 1;
    const handled = options.onBatch({ partition: batch.partition, messages, reachedEnd, heartbeat });
    inFlight = handled.catch(() => undefined);
    try {
      await handled;
    } catch (err) {
      settle(err);
      return;
    }
    if (reachedEnd) {
      finished.add(batch.partition);
      consumer.pause([{ topic, partitions: [batch.partition] }]);
      endIfDone();
    }
  };
  const abort = () => void inFlight.then(() => settle());
  signal.addEventListener('abort', abort, { once: true });
  options.stop?.addEventListener('abort', abort, { once: true });
  const crashed = consumer.on(consumer.events.CRASH, (event) => settle(event.payload.error));
  const joined = consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const mine = new Set(event.payload.memberAssignment[topic] ?? []);
    for (const partition of spans.keys()) if (!mine.has(partition)) taken.add(partition);
    endIfDone();
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    options.onConsumer?.(consumer);
    await consumer.run({ autoCommit: false, eachBatch: onBatch });
    const idle = options.partitions.filter((p) => !spans.has(p));
    if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
    for (const span of spans.values()) consumer.seek({ topic, partition: span.partition, offset: String(span.start) });
    if (signal.aborted) settle();
    await ended;
  } finally {
    signal.removeEventListener('abort', abort);
    options.stop?.removeEventListener('abort', abort);
    crashed();
    joined();
    await consumer.disconnect().catch(() => undefined);
  }
  return { finished };
}
