import { randomUUID } from 'node:crypto';
import { loadKafkajs } from '../connections/drivers';
import type { Admin, Consumer, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import type pg from 'pg';
import type { OffsetRange, ParsedReplayTarget, ReplayPreview, ReplayResult } from '../../../../shared/contracts/replay';
import type { Confirmation } from '../../../../shared/contracts/controls';
import { AppError } from '../../../../shared/errors';
import { formatCount } from '../../../../shared/formatLag';
import type { Profile } from '../../../../shared/profile';
import { ledgerKey, type LedgerAction, type LedgerEntry } from '../analysis/deadLetterLedger';
import { deadLetterMatcher, type DeadLetterMatcher } from '../analysis/deadLetterFilter';
import { deadLetterOrigin } from '../analysis/deadLetterHeaders';
import { mappedKey } from '../analysis/keyMapping';
import { mergeRanges } from '../analysis/offsetRangeSet';
import { PartitionCursor } from '../analysis/partitionCursor';
import { deadLetterAddress, parkHeaders, replayHeaders } from '../analysis/replayHeaders';
import { paceDelayMs } from '../analysis/replayPace';
import { kafkaReadError } from '../connections/kafkaErrors';
import { withOwnAdmin } from '../connections/dedicatedAdmin';
import { deleteThrowawayGroup } from '../connections/throwawayGroup';
import type { JobContext } from '../jobs/jobRegistry';
import { abortableSleep } from '../lifecycle/abortableSleep';
import { peekGroupPrefix } from '../samplers/recordTimestampReader';
import { streamSpans, type StreamBatch } from './deadLetterStream';
import { ensureTopic } from './ensureTopic';
import { ledgerTopicOf } from '../deadLetters/replayLedger';
import { parkingTopicOf, planDeadLetters, type DeadLetterPlan } from './deadLetterPlan';
import { noReplayPause, type ReplayPause } from './replayPause';
import { ConstraintsCheck, SupersededCheck, type Candidate } from './replayChecks';


export const previewReplayJobKind = 'deadLetters.previewReplay';
export const replayJobKind = 'deadLetters.replay';
export const parkJobKind = 'deadLetters.park';

export interface DeadLetterDependencies {
  kafka: Kafka;
  /** The brokers, for messages. */
  target: string;
  profile: Profile;
  postgres(): Promise<pg.Pool>;
  /** `user@host via CacheScope cli`, written in the ledger. */
  requestedBy: string;
  pause?: ReplayPause;
}

/** What a pass over the pending dead letters does with the records its target covers. */
export type DeadLetterPass =
  | { kind: 'preview'; action: 'replay' | 'park'; listLimit: number; checkConstraints: boolean; confirmation: (matched: number) => Confirmation }
  | { kind: 'count'; limit: number }
  | { kind: 'replay'; ratePerSec?: number | undefined; expected?: number | undefined }
  | { kind: 'park'; reason: string; expected?: number | undefined };

/** Records handled per produce (and per Postgres read, cursor commit and progress report). */
const chunkSize = 500;

interface Tally {
  matched: number;
  produced: number;
  alreadyHandled: number;
  failed: number;
  scanned: number;
  byTopic: Map<string, number>;
  missingTopics: Map<string, number>;
  failures: ReplayResult['failures'];
}

function matcherOf(target: ParsedReplayTarget): DeadLetterMatcher | null {
  if (target.by === 'pending') return null;
  return target.filter === undefined ? null : deadLetterMatcher(target.filter);
}

/**
 * One pass over the pending dead letters of the profile's DLQ — a dry run, a count, a replay
 * or a park — reading from the replay cursor to the end as it was when the pass started, one
 * fetch at a time (memory stays at a fetch and a chunk of 500 records).
 *
 * A replay or park reads through the cursor group itself and, after each chunk is produced
 * and acknowledged (acks=all, idempotent producer), commits per partition one past the
 * highest offset that only handled records precede; handled records past a pending one go to
 * the ledger (`<dlq>.replayed`) first. A crash anywhere leaves each record either handled and
 * recorded, or pending: replayed twice at worst (versioned SQL ignores the second), never lost.
 */
export async function runDeadLetterPass(deps: DeadLetterDependencies, target: ParsedReplayTarget, pass: DeadLetterPass, job: JobContext): Promise<ReplayPreview | ReplayResult> {
  return withOwnAdmin(deps.kafka, deps.target, (admin) => passWith(deps, admin, target, pass, job));
}

async function passWith(deps: DeadLetterDependencies, admin: Admin, target: ParsedReplayTarget, pass: DeadLetterPass, job: JobContext): Promise<ReplayPreview | ReplayResult> {
  const startedAt = Date.now();
  const { dlqTopic, replayGroup, queueTopic } = deps.profile.writeBehind;
  const writes = pass.kind === 'replay' || pass.kind === 'park';
  job.progress({ message: `reading the cursor of ${replayGroup} on ${dlqTopic}` });
  const plan = await planDeadLetters(deps.kafka, admin, dlqTopic, replayGroup, target, job.signal).catch((err: unknown) => {
    throw kafkaReadError(err, deps.target, dlqTopic);
  });
  const total = pass.kind === 'replay' || pass.kind === 'park' ? (pass.expected ?? null) : plan.spans.reduce((sum, s) => sum + s.end - s.start, 0);
  const cursors = new Map(plan.spans.map((s) => [s.partition, new PartitionCursor(s.partition, plan.cursors.find((c) => c.partition === s.partition)!.cursor, s.start)]));
  const tally: Tally = { matched: 0, produced: 0, alreadyHandled: 0, failed: 0, scanned: 0, byTopic: new Map(), missingTopics: new Map(), failures: [] };
  const matcher = matcherOf(target);
  const stop = new AbortController();
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  const committed = new Map(plan.cursors.map((c) => [c.partition, c.cursor]));
  const parkingTopic = parkingTopicOf(dlqTopic);
  const ledgerTopic = ledgerTopicOf(dlqTopic);
  const pause = deps.pause ?? noReplayPause;
  const conflictAware = pass.kind === 'replay' || (pass.kind === 'preview' && pass.action === 'replay');
  const listLimit = pass.kind === 'preview' ? pass.listLimit : 100;
  const superseded = conflictAware ? new SupersededCheck(deps.postgres, listLimit) : null;
  const constraints = pass.kind === 'preview' && pass.checkConstraints ? new ConstraintsCheck(deps.postgres, listLimit) : null;

  if (writes) {
    try {
      if (pass.kind === 'park') {
        await ensureTopic(admin, [...plan.topics], { topic: parkingTopic, numPartitions: Math.max(1, plan.partitions.length), replicationFactor: -1 });
        plan.topics.add(parkingTopic);
      }
      producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: (await loadKafkajs()).Partitioners.DefaultPartitioner });
      await producer.connect();
    } catch (err) {
      await producer?.disconnect().catch(() => undefined);
      throw kafkaReadError(err, deps.target);
    }
  }

  const progress = (message?: string) => {
    const done = pass.kind === 'replay' || pass.kind === 'park' ? tally.matched : tally.scanned;
    job.progress({ done, total: total === null ? null : Math.max(total, done), message: message ?? progressMessage(pass, tally, superseded?.count ?? 0) });
  };

  let paceFrom: number | undefined;
  /** Produces the chunk's records still pending; each is handled once acknowledged, or failed. */
  const produce = async (candidates: Candidate[], partition: number) => {
    const now = new Date();
    const byTopic = new Map<string, { candidate: Candidate; message: Message }[]>();
    for (const c of candidates) {
      if (c.outcome !== 'todo') continue;
      const destination = pass.kind === 'park' ? parkingTopic : c.destination;
      if (!plan.topics.has(destination)) {
        c.outcome = 'failed';
        tally.failed++;
        if (tally.failures.length < 100) tally.failures.push({ partition, offset: c.offset, error: `topic "${destination}" does not exist` });
        continue;
      }
      const from = deadLetterAddress(dlqTopic, partition, c.message.offset);
      const headers = pass.kind === 'park' ? parkHeaders(c.message.headers, pass.reason, from, now) : replayHeaders(c.message.headers, from, now);
      const list = byTopic.get(destination) ?? [];
      list.push({ candidate: c, message: { key: c.message.key, value: c.message.value, headers } });
      byTopic.set(destination, list);
    }
    if (byTopic.size === 0) return;
    // The pace counts from the first produce: the time spent joining the group is no credit for a burst.
    paceFrom ??= Date.now();
    if (pass.kind === 'replay') await abortableSleep(paceDelayMs(paceFrom, tally.produced, pass.ratePerSec, Date.now()), job.signal);
    // Cancelled while pacing: these records stay pending.
    if (job.signal.aborted) return;
    await pause.reached('before-produce');
    try {
      await producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map((m) => m.message) })) });
    } catch (err) {
      throw kafkaReadError(err, deps.target);
    }
    for (const list of byTopic.values()) {
      for (const { candidate } of list) candidate.outcome = 'handled';
      tally.produced += list.length;
    }
    await pause.reached('after-produce');
  };

  /** Ledger first (runs past a pending record), then the cursor: both only after the produce was acknowledged. */
  const record = async (cursor: PartitionCursor, action: LedgerAction) => {
    const ahead = cursor.takeAhead();
    if (ahead.length > 0) {
      // Created on first need: a replay of a prefix never leaves a ledger behind.
      if (!plan.topics.has(ledgerTopic)) {
        await ensureTopic(admin, [...plan.topics], { topic: ledgerTopic, numPartitions: 1, replicationFactor: -1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }).catch((err: unknown) => {
          throw kafkaReadError(err, deps.target, ledgerTopic);
        });
        plan.topics.add(ledgerTopic);
      }
      const at = new Date().toISOString();
      const messages = ahead.map((run) => {
        const entry: LedgerEntry = { ...run, action, at, by: deps.requestedBy };
        return { key: ledgerKey(run), value: JSON.stringify(entry) };
      });
      await producer!.send({ topic: ledgerTopic, acks: -1, messages }).catch((err: unknown) => {
        throw kafkaReadError(err, deps.target, ledgerTopic);
      });
    }
    if (cursor.commitOffset !== committed.get(cursor.partition)) {
      await consumer!.commitOffsets([{ topic: dlqTopic, partition: cursor.partition, offset: String(cursor.commitOffset) }]).catch((err: unknown) => {
        throw kafkaReadError(err, deps.target, dlqTopic);
      });
      committed.set(cursor.partition, cursor.commitOffset);
    }
  };

  const handleChunk = async (partition: number, messages: KafkaMessage[]) => {
    const cursor = cursors.get(partition)!;
    const candidates: Candidate[] = [];
    for (const message of messages) {
      const offset = Number(message.offset);
      if (!cursor.isNew(offset)) continue;
      tally.scanned++;
      const origin = deadLetterOrigin(message.headers ?? {});
      const selected = (plan.selection === null || plan.selection.has(partition, offset)) && (matcher === null || matcher({ key: message.key, origin, timestamp: Number(message.timestamp) }));
      const candidate: Candidate = { message, offset, origin, destination: origin.originalTopic ?? queueTopic, outcome: selected ? 'todo' : 'skipped', mapped: null };
      candidates.push(candidate);
      if (!selected) continue;
      tally.matched++;
      if (plan.ledger.has(partition, offset)) {
        candidate.outcome = 'handled';
        tally.alreadyHandled++;
        continue;
      }
      candidate.mapped = conflictAware || constraints ? mappedKey(deps.profile.namespaces, message.key) : null;
    }
    if (pass.kind === 'count') {
      if (tally.matched > pass.limit) stop.abort();
      return;
    }
    await superseded?.apply(candidates, partition);
    if (pass.kind === 'preview') {
      await constraints?.apply(candidates, partition);
      for (const c of candidates) {
        if (c.outcome !== 'todo') continue;
        const destination = pass.action === 'park' ? parkingTopic : c.destination;
        // The parking topic is created by the park itself.
        const counts = destination === parkingTopic || plan.topics.has(destination) ? tally.byTopic : tally.missingTopics;
        counts.set(destination, (counts.get(destination) ?? 0) + 1);
      }
      return;
    }
    await produce(candidates, partition);
    // Unselected records and failed produces stay pending; everything else was handled.
    for (const c of candidates) cursor.record(c.offset, c.outcome === 'handled');
    await record(cursor, pass.kind === 'park' ? 'parked' : 'replayed');
  };

  const onBatch = async ({ partition, messages, reachedEnd, heartbeat }: StreamBatch) => {
    // A low rate limit produces in smaller chunks, so the pace is smooth and a cancel prompt.
    const size = pass.kind === 'replay' && pass.ratePerSec !== undefined ? Math.min(chunkSize, pass.ratePerSec) : chunkSize;
    for (let i = 0; i < messages.length && !job.signal.aborted && !stop.signal.aborted; i += size) {
      await handleChunk(partition, messages.slice(i, i + size));
      await heartbeat();
      progress();
    }
    if (reachedEnd && !job.signal.aborted && !stop.signal.aborted && writes) {
      const cursor = cursors.get(partition)!;
      cursor.reachedEnd(plan.spans.find((s) => s.partition === partition)!.end);
      await record(cursor, pass.kind === 'park' ? 'parked' : 'replayed');
    }
  };

  const groupId = writes ? replayGroup : `${peekGroupPrefix}${randomUUID()}`;
  try {
    await streamSpans(deps.kafka, {
      topic: dlqTopic,
      groupId,
      partitions: plan.partitions,
      spans: plan.spans,
      signal: job.signal,
      stop: stop.signal,
      onConsumer: (c) => (consumer = c),
      onBatch,
    });
    if (writes && plan.ledgerRuns.size > 0) await tombstoneLedger(producer!, ledgerTopic, plan, committed);
  } catch (err) {
    const cause = err instanceof AppError ? err : kafkaReadError(err, deps.target, dlqTopic);
    if (!writes) throw cause;
    const partial = resultOf(tally, superseded?.count ?? 0, pass, cursors, committed, plan, startedAt);
    throw new AppError(cause.code, `${cause.message}; stopped after ${describeDone(pass, partial)}`, partial);
  } finally {
    await producer?.disconnect().catch(() => undefined);
    if (!writes) await deleteThrowawayGroup(deps.kafka, groupId);
  }

  if (pass.kind === 'preview') {
    const wouldReplay = [...tally.byTopic.values()].reduce((a, b) => a + b, 0);
    const preview: ReplayPreview = {
      matched: tally.matched,
      wouldReplay,
      superseded: superseded?.count ?? 0,
      supersededRecords: superseded?.records ?? [],
      supersededBounded: (superseded?.count ?? 0) > (superseded?.records.length ?? 0),
      alreadyHandled: tally.alreadyHandled,
      byTopic: Object.fromEntries(tally.byTopic),
      missingTopics: Object.fromEntries(tally.missingTopics),
      scanned: tally.scanned,
      partitions: plan.cursors,
      constraints: constraints?.result ?? null,
      confirmation: pass.confirmation(tally.matched),
      durationMs: Date.now() - startedAt,
    };
    job.progress({ done: tally.scanned, total: tally.scanned, message: `${formatCount(preview.matched)} pending records match; ${formatCount(wouldReplay)} would be ${pass.action === 'park' ? 'parked' : 'replayed'}` });
    return preview;
  }
  const result = resultOf(tally, superseded?.count ?? 0, pass, cursors, committed, plan, startedAt);
  const cancelled = job.signal.aborted ? ' (cancelled)' : '';
  job.progress({ done: tally.matched, total: tally.matched, message: `${describeDone(pass, result)}${cancelled}` });
  return result;
}

/** Ledger runs the cursor has passed are history: a tombstone lets compaction drop them. */
async function tombstoneLedger(producer: Producer, ledgerTopic: string, plan: DeadLetterPlan, committed: ReadonlyMap<number, number>): Promise<void> {
  const passed = [...plan.ledgerRuns].filter(([, run]) => run.to < (committed.get(run.partition) ?? 0)).map(([key]) => ({ key, value: null }));
  for (let i = 0; i < passed.length; i += chunkSize) await producer.send({ topic: ledgerTopic, acks: -1, messages: passed.slice(i, i + chunkSize) }).catch(() => undefined);
}

function resultOf(tally: Tally, supersededCount: number, pass: DeadLetterPass, cursors: ReadonlyMap<number, PartitionCursor>, committed: ReadonlyMap<number, number>, plan: DeadLetterPlan, startedAt: number): ReplayResult {
  const ranges: OffsetRange[] = mergeRanges([...cursors.values()].flatMap((c) => c.handled()));
  return {
    matched: tally.matched,
    replayed: pass.kind === 'replay' ? tally.produced : 0,
    superseded: supersededCount,
    alreadyHandled: tally.alreadyHandled,
    parked: pass.kind === 'park' ? tally.produced : 0,
    failed: tally.failed,
    failures: tally.failures,
    ranges,
    rangesBounded: [...cursors.values()].some((c) => c.runsBounded),
    cursor: plan.cursors.filter((c) => cursors.has(c.partition)).map((c) => ({ partition: c.partition, before: c.cursor, after: committed.get(c.partition) ?? c.cursor })),
    durationMs: Date.now() - startedAt,
  };
}

function describeDone(pass: DeadLetterPass, result: ReplayResult): string {
  const moved = pass.kind === 'park' ? `${formatCount(result.parked)} parked` : `${formatCount(result.replayed)} replayed`;
  return `${moved}, ${formatCount(result.superseded)} superseded, ${formatCount(result.alreadyHandled)} already handled, ${formatCount(result.failed)} failed of ${formatCount(result.matched)} matched`;
}

function progressMessage(pass: DeadLetterPass, tally: Tally, supersededCount: number): string {
  if (pass.kind === 'preview' || pass.kind === 'count') return `${formatCount(tally.matched)} matching of ${formatCount(tally.scanned)} pending records read so far`;
  const moved = pass.kind === 'park' ? 'parked' : 'replayed';
  return `${formatCount(tally.produced)} ${moved}, ${formatCount(supersededCount)} superseded, ${formatCount(tally.failed)} failed of ${formatCount(tally.matched)} matched so far`;
}
