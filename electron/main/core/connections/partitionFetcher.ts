import { createRequire } from 'node:module';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { AppError } from '../../../../shared/errors';

/**
 * Reads chosen partitions of a topic from chosen offsets, without a consumer group.
 *
 * kafkajs 2.2.4 has no manual assignment: its consumer must join a group to fetch, which costs
 * a JoinGroup/SyncGroup round (on production brokers at least group.initial.rebalance.delay.ms,
 * 3 s by default), a heartbeat loop and a DeleteGroups afterwards. Reading a range of one
 * partition needs none of it: a Fetch request to the partition's leader. kafkajs does not
 * export that, so this file — and only this file — uses its internals:
 *
 * - the client's private `createCluster` (found by its symbol's description), which builds a
 *   `Cluster` with the client's own brokers, TLS, SASL and retry settings;
 * - `Cluster`: connect, addTargetTopic, findTopicPartitionMetadata, findLeaderForPartitions,
 *   findBroker, findGroupCoordinator, disconnect; `Broker`: fetch, offsetFetch, listOffsets;
 * - `kafkajs/src/consumer/batch`, which drops control records, aborted transactional records
 *   and the records before the asked offset that a compressed batch brings along.
 *
 * tests/integration/investigate/partitionFetcher.test.ts fails if an upgrade moves any of them.
 */

const require = createRequire(import.meta.url);

interface PartitionData {
  partition: number;
  highWatermark: string;
  lastStableOffset: string;
  messages: KafkaMessage[];
}

interface FetchResponse {
  responses: { topicName: string; partitions: PartitionData[] }[];
}

interface InternalBroker {
  fetch(request: {
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<FetchResponse>;
  offsetFetch(request: { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }>;
  listOffsets(request: { isolationLevel: number; topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }>;
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(options: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(options: { groupId: string }): Promise<InternalBroker>;
}

type CreateCluster = (options: {
  allowAutoTopicCreation: boolean;
  isolationLevel: number;
  instrumentationEmitter: { emit(name: string, payload: unknown): void } | null;
}) => InternalCluster;

interface BatchClass {
  new (topic: string, fetchedOffset: string, partitionData: PartitionData): { messages: KafkaMessage[]; lastOffset(): string; highWatermark: string };
}

const readCommitted = 1;
/** ListOffsets' timestamps for the log start and the end. */
const earliest = -2;
const latest = -1;

/** The client's private cluster factory; INTERNAL naming the kafkajs change when it moved. */
export function clusterFactoryOf(kafka: Kafka): CreateCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof factory !== 'function') {
    throw new AppError('INTERNAL', 'this kafkajs version has no private createCluster: partitionFetcher.ts needs updating for it');
  }
  return factory as CreateCluster;
}

function batchClass(): BatchClass {
  return require('kafkajs/src/consumer/batch') as BatchClass;
}

export interface FetchWanted {
  partition: number;
  /** Offset of the first record wanted (decimal). */
  offset: string;
}

export interface FetchedPartition {
  partition: number;
  /** The records at or after the asked offset, control and aborted records left out. */
  messages: KafkaMessage[];
  /** Where the next fetch of this partition starts: past the last record (or marker) returned. */
  nextOffset: string;
  highWatermark: string;
  /** The partition's last stable offset: a read-committed reader gets nothing past it. */
  lastStableOffset: string;
}

/** The asked offset is not in the partition (below its log start after retention, or past its end). */
export class OffsetOutOfRange extends Error {
  constructor(readonly topic: string, readonly partition: number) {
    super(`offset out of range on ${topic}/${partition}`);
  }
}

export interface PartitionFetcherOptions {
  /** Called for every request sent to a broker (kafkajs' `network.request` instrumentation event). */
  onRequest?: (request: { apiName: string; broker: string; size: number }) => void;
  /** Bytes per partition per fetch. */
  maxBytesPerPartition?: number;
}

/** A connected cluster that fetches partitions directly; `disconnect` closes its sockets. */
export class PartitionFetcher {
  private readonly cluster: InternalCluster;
  private readonly Batch = batchClass();
  private connected: Promise<void> | undefined;
  private readonly maxBytes: number;
  /** Each group's coordinator, found once: a FindCoordinator per read would double the requests of a warm compare. */
  private readonly coordinators = new Map<string, Promise<InternalBroker>>();

  constructor(kafka: Kafka, options: PartitionFetcherOptions = {}) {
    const onRequest = options.onRequest;
    this.maxBytes = options.maxBytesPerPartition ?? 1024 * 1024;
    this.cluster = clusterFactoryOf(kafka)({
      allowAutoTopicCreation: false,
      isolationLevel: readCommitted,
      instrumentationEmitter: onRequest
        ? {
            emit: (name, payload) => {
              if (name === 'network.request') onRequest(payload as { apiName: string; broker: string; size: number });
            },
          }
        : null,
    });
  }

  private connect(): Promise<void> {
    this.connected ??= this.cluster.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    return this.connected;
  }

  /** The topic's partition count, or null when the broker does not know the topic. */
  async partitionCount(topic: string): Promise<number | null> {
    await this.connect();
    try {
      await this.cluster.addTargetTopic(topic);
    } catch (err) {
      if ((err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return null;
      throw err;
    }
    const partitions = this.cluster.findTopicPartitionMetadata(topic);
    return partitions.length > 0 ? partitions.length : null;
  }

  /** The group's committed offset per partition (-1 where it never committed). */
  async committedOffsets(groupId: string, topic: string, partitions: readonly number[]): Promise<Map<number, string>> {
    await this.connect();
    const request = { groupId, topics: [{ topic, partitions: partitions.map((partition) => ({ partition })) }] };
    const ask = async () => {
      let coordinator = this.coordinators.get(groupId);
      if (!coordinator) {
        coordinator = this.cluster.findGroupCoordinator({ groupId });
        this.coordinators.set(groupId, coordinator);
      }
      return (await coordinator).offsetFetch(request);
    };
    let answer;
    try {
      answer = await ask();
    } catch {
      // The coordinator moved (or the lookup failed): find it again, once.
      this.coordinators.delete(groupId);
      answer = await ask();
    }
    return new Map((answer.responses[0]?.partitions ?? []).map((p) => [p.partition, p.offset]));
  }

  /** Each partition's first offset still held (`earliest`, its log start) or its end (`latest`, the high watermark). */
  async listOffsets(topic: string, partitions: readonly number[], which: 'earliest' | 'latest'): Promise<Map<number, string>> {
    await this.connect();
    const found = new Map<number, string>();
    await Promise.all(
      Object.entries(this.leaders(topic, partitions)).map(async ([nodeId, led]) => {
        const broker = await this.cluster.findBroker({ nodeId });
        const { responses } = await broker.listOffsets({
          isolationLevel: readCommitted,
          topics: [{ topic, partitions: led.map((partition) => ({ partition, timestamp: which === 'earliest' ? earliest : latest })) }],
        });
        for (const p of responses[0]?.partitions ?? []) found.set(p.partition, p.offset);
      }),
    );
    return found;
  }

  private leaders(topic: string, partitions: readonly number[]): Record<string, number[]> {
    const leaders = this.cluster.findLeaderForPartitions(topic, [...partitions]);
    const known = Object.values(leaders).flat();
    const unknown = partitions.filter((p) => !known.includes(p));
    if (unknown.length > 0) throw new AppError('NOT_FOUND', `${topic} has no partition ${unknown.join(', ')} (or no leader for it)`);
    return leaders;
  }

  /**
   * One fetch per leader for the wanted partitions, answered at once (no waiting for data):
   * call `partitionCount(topic)` first, it loads the topic's metadata.
   */
  async fetch(topic: string, wanted: readonly FetchWanted[]): Promise<FetchedPartition[]> {
    await this.connect();
    const from = new Map(wanted.map((w) => [w.partition, w.offset]));
    const results = await Promise.all(
      Object.entries(this.leaders(topic, [...from.keys()])).map(async ([nodeId, led]) => {
        const broker = await this.cluster.findBroker({ nodeId });
        const { responses } = await broker
          .fetch({
            isolationLevel: readCommitted,
            maxWaitTime: 0,
            minBytes: 1,
            maxBytes: this.maxBytes * led.length,
            topics: [{ topic, partitions: led.map((partition) => ({ partition, fetchOffset: from.get(partition)!, maxBytes: this.maxBytes })) }],
          })
          .catch((err: { name?: string; partition?: number }) => {
            throw err.name === 'KafkaJSOffsetOutOfRange' ? new OffsetOutOfRange(topic, Number(err.partition)) : err;
          });
        return (responses.find((r) => r.topicName === topic)?.partitions ?? []).map((data): FetchedPartition => {
          const offset = from.get(data.partition)!;
          const batch = new this.Batch(topic, offset, data);
          const nextOffset = data.messages.length > 0 ? String(BigInt(batch.lastOffset()) + 1n) : offset;
          return { partition: data.partition, messages: batch.messages, nextOffset, highWatermark: data.highWatermark, lastStableOffset: data.lastStableOffset };
        });
      }),
    );
    return results.flat();
  }

  async disconnect(): Promise<void> {
    this.connected = undefined;
    this.coordinators.clear();
    await this.cluster.disconnect().catch(() => undefined);
  }
}
