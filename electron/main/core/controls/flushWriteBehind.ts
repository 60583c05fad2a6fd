import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { z } from 'zod';
import type { FlushAck, FlushInputSchema, FlushResult } from '../../../../shared/contracts/writeBehind';
import { AppError } from '../../../../shared/errors';
import { formatCount, formatDurationMs } from '../../../../shared/formatLag';
import type { WriteBehindConventions } from '../../../../shared/profile';
import { parseFlushAck, type FlushCommandMessage } from '../../../../shared/writeBehindProtocol';
import { recordsLeft } from '../analysis/drainProgress';
import { resumeOffset } from '../analysis/partitionLag';
import { kafkaReadError } from '../connections/kafkaErrors';
import { withOwnAdmin } from '../connections/dedicatedAdmin';
import type { JobContext } from '../jobs/jobRegistry';
import { refuseIfReadOnly, type ControlScope } from './controlAudit';
import { readQueueOffsets } from '../samplers/queueOffsets';
import { queuePair } from '../samplers/queuePairs';
import { abortableSleep } from '../lifecycle/abortableSleep';

export const flushJobKind = 'writeBehind.flush';

export interface FlushDependencies {
  /** The profile acted on: a read-only one refuses the flush here too, whoever calls. */
  scope: ControlScope;
  kafka: Kafka;
  /** The brokers, for messages. */
  target: string;
  conventions: WriteBehindConventions;
  /** Who asked, as the command tells the flushers (`user@host via CacheScope cli`). */
  requestedBy: string;
  onAck(ack: FlushAck, requestId: string): void;
}

export type FlushOptions = z.output<typeof FlushInputSchema>;

/** How often the group's committed offsets are read while the lag drains. */
const pollMs = 250;

/**
 * Listens for acks on the control topic from its current end. Started before the command
 * is published, and positioned by a seek to the end as it was before publishing, so an ack
 * that comes back fast is not missed while the throwaway group is still joining.
 */
async function listenForAcks(
  kafka: Kafka,
  admin: Admin,
  target: string,
  topic: string,
  groupId: string,
  onAck: (ack: ReturnType<typeof parseFlushAck>) => void,
): Promise<Consumer> {
  const ends = await admin.fetchTopicOffsets(topic).catch((err: unknown) => {
    throw kafkaReadError(err, target, topic);
  });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await consumer.run({ autoCommit: false, eachMessage: async ({ message }) => onAck(parseFlushAck(message.value)) });
    for (const { partition, high } of ends) consumer.seek({ topic, partition, offset: high });
  } catch (err) {
    await consumer.disconnect().catch(() => undefined);
    throw err;
  }
  return consumer;
}

/**
 * Flushes the write-behind queue: publishes a flush command on the control topic, shows
 * each flusher's ack as it arrives, and watches the flusher group persist every record
 * that was queued when the command went out (records queued later are not this flush's
 * business, so live traffic cannot keep it from finishing). Ends with "drained in X s",
 * or fails with TIMEOUT when no flusher answers or the lag does not drain in time; the
 * error's details carry what was achieved. Cancelling stops the waiting, not the flushers.
 */
export async function flushWriteBehind(deps: FlushDependencies, options: FlushOptions, job: JobContext): Promise<FlushResult> {
  await refuseIfReadOnly(deps.scope, { action: flushJobKind, parameters: { ...options } });
  return withOwnAdmin(deps.kafka, deps.target, (admin) => flushWith(deps, admin, options, job));
}

async function flushWith(deps: FlushDependencies, admin: Admin, options: FlushOptions, job: JobContext): Promise<FlushResult> {
  const { kafka, target, conventions } = deps;
  const pair = queuePair(conventions);
  const requestId = randomUUID();

  // One read per pair asked for.
  const start = (await readQueueOffsets(admin, [pair], target))[0]!;
  if ('error' in start) throw start.error;
  const { partitions, members } = start.snapshot;
  const targets = new Map(partitions.map((p) => [p.partition, p.high]));
  const lows = new Map(partitions.map((p) => [p.partition, p.low]));
  const resumeAtStart = new Map(partitions.map((p) => [p.partition, resumeOffset(p)]));
  const lagAtStart = recordsLeft(targets, resumeAtStart);

  const result: FlushResult = {
    requestId,
    requestedBy: deps.requestedBy,
    publishedAt: null,
    expectedAcks: members.length,
    acks: [],
    lagAtStart,
    lagLeft: lagAtStart,
    drainedMs: null,
    waitedForDrain: options.waitForDrain,
  };
  const progress = (message: string) =>
    job.progress({ done: lagAtStart - result.lagLeft, total: lagAtStart, message });

  const listenerGroup = `cachescope-flush-${requestId}`;
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  try {
    consumer = await listenForAcks(kafka, admin, target, conventions.controlTopic, listenerGroup, (ack) => {
      if (!ack || ack.requestId !== requestId || result.publishedAt === null) return;
      const received: FlushAck = { worker: ack.worker, flushed: ack.flushed, at: ack.at, afterMs: Math.max(0, Date.now() - result.publishedAt) };
      result.acks.push(received);
      deps.onAck(received, requestId);
      const of = result.expectedAcks > 0 ? ` (${result.acks.length} of ${result.expectedAcks})` : '';
      progress(`ack from ${ack.worker}: ${formatCount(ack.flushed)} record${ack.flushed === 1 ? '' : 's'} flushed${of}`);
    });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const command: FlushCommandMessage = { type: 'flush', requestId, requestedBy: deps.requestedBy, at: Date.now() };
    result.publishedAt = command.at;
    await producer.send({
      topic: conventions.controlTopic,
      acks: -1,
      messages: [{ key: requestId, value: JSON.stringify(command) }],
    });
    const awaited = { 0: `a flusher (${pair.groupId} has no members)`, 1: `the flusher of ${pair.groupId}` }[result.expectedAcks];
    progress(`flush published; waiting for ${awaited ?? `${result.expectedAcks} flushers of ${pair.groupId}`}`);
    return await watch(deps, admin, options, job, { result, targets, lows, progress });
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (consumer) await admin.deleteGroups([listenerGroup]).catch(() => undefined);
  }
}

interface WatchState {
  result: FlushResult;
  targets: ReadonlyMap<number, number>;
  lows: ReadonlyMap<number, number>;
  progress: (message: string) => void;
}

/** Polls the group's committed offsets until drained and acknowledged, a timeout, or a cancel. */
async function watch(deps: FlushDependencies, admin: Admin, options: FlushOptions, job: JobContext, state: WatchState): Promise<FlushResult> {
  const { result, targets, lows, progress } = state;
  const { groupId, topic } = queuePair(deps.conventions);
  const publishedAt = result.publishedAt!;
  for (;;) {
    if (job.signal.aborted) return result;
    const elapsed = Date.now() - publishedAt;
    if (options.waitForDrain && result.drainedMs === null) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] }).catch((err: unknown) => {
        throw kafkaReadError(err, deps.target, topic);
      });
      const resume = new Map(
        (offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset) >= 0 ? Number(p.offset) : (lows.get(p.partition) ?? 0)]),
      );
      result.lagLeft = recordsLeft(targets, resume);
      if (result.lagLeft === 0) {
        result.drainedMs = Date.now() - publishedAt;
        progress(`drained in ${formatDurationMs(result.drainedMs)}`);
      } else {
        progress(`${formatCount(result.lagLeft)} of ${formatCount(result.lagAtStart)} records still to persist`);
      }
    }
    const acked = result.acks.length > 0;
    const allAcked = acked && result.acks.length >= result.expectedAcks;
    const drained = !options.waitForDrain || result.drainedMs !== null;
    if (acked && drained && (allAcked || elapsed >= options.ackTimeoutMs)) return result;
    if (!acked && elapsed >= options.ackTimeoutMs) {
      const members =
        result.expectedAcks === 0 ? `${groupId} has no members: is a flusher running?` : `${groupId} has ${result.expectedAcks} members`;
      throw new AppError('TIMEOUT', `no flusher acknowledged within ${formatDurationMs(options.ackTimeoutMs)} (${members})`, result);
    }
    if (options.waitForDrain && result.drainedMs === null && elapsed >= options.drainTimeoutMs) {
      throw new AppError(
        'TIMEOUT',
        `lag did not drain within ${formatDurationMs(options.drainTimeoutMs)}: ${formatCount(result.lagLeft)} of ${formatCount(result.lagAtStart)} records left`,
        result,
      );
    }
    await abortableSleep(pollMs, job.signal);
  }
}
