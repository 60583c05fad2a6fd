import type { DlqDepth, GroupLag, LagHistoryPoint, LagReport, StatusChange } from '../../../../shared/contracts/writeBehind';
import type { AppErrorData } from '../../../../shared/errors';
import { historyPointOf, withHistoryPoint } from '../../../../shared/lagHistory';
import type { WriteBehindConventions } from '../../../../shared/profile';
import { backoffDelay } from '../analysis/backoff';
import type { ReadPolicy } from '../analysis/timeLag';
import { classifyConnectionError } from '../connections/classifyError';
import { DedicatedAdmin } from '../connections/dedicatedAdmin';
import type { KafkaConnection } from '../connections/kafkaConnection';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter } from '../lifecycle/emitter';
import { readQueueOffsets, type QueuePair, type QueueRead } from './queueOffsets';
import { dlqPair, queuePair, resolvePairs, type PairRequest } from './queuePairs';
import { QueueTracker } from './queueTracker';
import { readFirstRecords } from './recordTimestampReader';

export interface QueueLagSamplerOptions {
  /** Time between samples while Kafka answers. */
  intervalMs: number;
  /** Burrow's window for statuses and rates. */
  windowMs: number;
  /** Points kept for the charts (15 minutes at the default interval). */
  historyLength: number;
  /** Status changes kept for the incident timeline. */
  keptChanges: number;
  readPolicy: ReadPolicy;
  /** A read of oldest pending records gives up after this long. */
  readTimeoutMs: number;
  /** Longest pause between attempts while Kafka does not answer. */
  maxRetryMs: number;
}

export const defaultQueueLagOptions: QueueLagSamplerOptions = {
  intervalMs: 1_000,
  windowMs: 10_000,
  historyLength: 900,
  keptChanges: 500,
  readPolicy: { minIntervalMs: 10_000, uncertainMs: 2_000 },
  readTimeoutMs: 15_000,
  // Lag must resume within seconds of Kafka coming back (as health does, see healthMonitor).
  maxRetryMs: 3_000,
};

/** Pairs someone asked about besides the profile's own; the oldest are forgotten. */
const keptAdHocPairs = 8;

const keyOf = (pair: QueuePair) => `${pair.groupId}\u0000${pair.topic}`;
const samePair = (a: QueuePair, b: QueuePair) => a.groupId === b.groupId && a.topic === b.topic;

function toDlqDepth(view: GroupLag): DlqDepth {
  return {
    topic: view.topic,
    replayGroup: view.groupId,
    depth: view.totalLag,
    arrivalRate: view.produceRate,
    partitions: view.partitions.map((p) => ({ partition: p.partition, cursor: p.committed, low: p.low, high: p.high, depth: p.lag })),
  };
}

/**
 * Watches the profile's write-behind queue: every interval it reads the flusher group's
 * offsets on the queue topic and the replay cursor's on the DLQ, judges the status over
 * the window, records status changes, and publishes a report. Time lags come from each
 * partition's (offset, time) table; when the table cannot date the oldest pending record
 * well enough, that record is read in the background and the report is published again.
 */
export class QueueLagSampler implements Disposable {
  private readonly sampled = new Emitter<LagReport>();
  private readonly statusChanged = new Emitter<StatusChange>();
  private readonly trackers = new Map<string, QueueTracker>();
  private readonly errors = new Map<string, AppErrorData>();
  private readonly reads = new Map<string, Promise<void>>();
  private readonly readsAbort = new AbortController();
  private points: LagHistoryPoint[] = [];
  private readonly changes: StatusChange[] = [];
  private readonly options: QueueLagSamplerOptions;
  private readonly admin: DedicatedAdmin;
  /** Topics the admin client read: if one vanishes, the client must be replaced. */
  private readonly knownTopics = new Set<string>();
  private latestReport: LagReport | undefined;
  private inFlight: Promise<LagReport> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private started = false;
  private disposed = false;

  readonly onSample = this.sampled.event;
  readonly onStatusChange = this.statusChanged.event;

  constructor(
    private readonly profileId: string,
    private readonly conventions: WriteBehindConventions,
    private readonly connection: KafkaConnection,
    options: Partial<QueueLagSamplerOptions> = {},
  ) {
    this.options = { ...defaultQueueLagOptions, ...options };
    this.admin = new DedicatedAdmin(() => connection.getKafka());
  }

  /** Starts sampling on a schedule (idempotent); the first sample is taken at once. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.schedule(0);
  }

  /** Time between samples while Kafka answers. */
  get intervalMs(): number {
    return this.options.intervalMs;
  }

  latest(): LagReport | undefined {
    return this.latestReport;
  }

  history(): LagHistoryPoint[] {
    return [...this.points];
  }

  /** The newest `limit` status changes, oldest first. */
  statusChanges(limit: number): StatusChange[] {
    return this.changes.slice(-limit);
  }

  /** Samples the profile's queue and DLQ now, joining a sample already in flight. */
  refresh(): Promise<LagReport> {
    this.inFlight ??= this.sample([queuePair(this.conventions)], dlqPair(this.conventions))
      .then((report) => {
        this.publish(report);
        return report;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Samples now and waits until the time lags it needs are read. */
  async refreshSettled(): Promise<LagReport> {
    const report = await this.refresh();
    await this.settled([queuePair(this.conventions)]);
    return this.latestReport ?? report;
  }

  /** The pairs a person asked for (see resolvePairs). */
  async resolve(request: PairRequest): Promise<QueuePair[]> {
    const admin = await this.admin.get().catch((err: unknown) => {
      throw classifyConnectionError('kafka', this.connection.target, err);
    });
    return resolvePairs(admin, this.conventions, request, this.connection.target);
  }

  /** Samples other pairs than the profile's, once, with their time lags read. */
  async sampleOnce(pairs: readonly QueuePair[]): Promise<LagReport> {
    const own = queuePair(this.conventions);
    if (pairs.length === 1 && samePair(pairs[0]!, own)) {
      const report = await this.refreshSettled();
      return { ...report, dlq: null };
    }
    const first = await this.sample(pairs, null);
    await this.settled(pairs);
    return this.report(pairs, null, first.sampledAt);
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    const report = await this.refresh().catch(() => undefined);
    // Nothing read (Kafka down, topics missing): back off instead of asking every second.
    const nothingRead = !report || (report.groups.length === 0 && report.issues.length > 0);
    this.failures = nothingRead ? this.failures + 1 : 0;
    const { intervalMs, maxRetryMs } = this.options;
    this.schedule(backoffDelay(this.failures, { intervalMs, baseMs: intervalMs, maxMs: maxRetryMs }));
  }

  private tracker(pair: QueuePair, judged: boolean): QueueTracker {
    const key = keyOf(pair);
    let tracker = this.trackers.get(key);
    if (!tracker) {
      tracker = new QueueTracker(pair, {
        windowMs: this.options.windowMs,
        slaMs: this.conventions.persistenceSlaMs,
        readPolicy: this.options.readPolicy,
        judged,
      });
      this.trackers.set(key, tracker);
      this.forgetOldAdHocPairs();
    }
    return tracker;
  }

  private forgetOldAdHocPairs(): void {
    const own = new Set([keyOf(queuePair(this.conventions)), keyOf(dlqPair(this.conventions))]);
    const adHoc = [...this.trackers.keys()].filter((key) => !own.has(key));
    for (const key of adHoc.slice(0, Math.max(0, adHoc.length - keptAdHocPairs))) {
      this.trackers.delete(key);
      this.errors.delete(key);
    }
  }

  private async readOffsets(pairs: readonly QueuePair[]): Promise<{ reads: QueueRead[]; sampledAt: number }> {
    const sampledAt = Date.now();
    try {
      let reads = await readQueueOffsets(await this.admin.get(), pairs, this.connection.target);
      // A topic this client read before is gone or being deleted: its metadata requests now
      // fail, for other topics too (the pairs read alongside fail with it, so which topic is
      // gone cannot be told), with varying errors while the deletion runs. Read each pair again
      // on its own, each on a fresh client after a failure, so that a dying topic's metadata
      // never spoils another pair's read (a topic that never existed does no harm).
      if (reads.some((r) => 'error' in r && this.knownTopics.has(r.pair.topic))) {
        this.knownTopics.clear();
        await this.admin.reset();
        reads = [];
        for (const pair of pairs) {
          const [read] = await readQueueOffsets(await this.admin.get(), [pair], this.connection.target);
          reads.push(read!);
          if ('error' in read!) await this.admin.reset();
        }
      }
      for (const read of reads) if ('snapshot' in read) this.knownTopics.add(read.pair.topic);
      const first = reads.find((r) => 'snapshot' in r);
      return { reads, sampledAt: first && 'snapshot' in first ? first.snapshot.requestedAt : sampledAt };
    } catch (err) {
      const error = classifyConnectionError('kafka', this.connection.target, err);
      return { reads: pairs.map((pair) => ({ pair, error })), sampledAt };
    }
  }

  private async sample(pairs: readonly QueuePair[], dlq: QueuePair | null): Promise<LagReport> {
    const { reads, sampledAt } = await this.readOffsets(dlq ? [...pairs, dlq] : pairs);
    for (const read of reads) {
      const key = keyOf(read.pair);
      const judged = dlq === null || !samePair(read.pair, dlq);
      if ('error' in read) {
        const error = read.error.toData();
        this.errors.set(key, error);
        // Kafka not answering is an outage for the timeline; a missing topic is only an issue.
        if (judged && error.code !== 'NOT_FOUND') this.record(this.tracker(read.pair, judged).markUnavailable(sampledAt, error));
        continue;
      }
      this.errors.delete(key);
      this.record(this.tracker(read.pair, judged).observe(read.snapshot));
      if (judged) this.startReads(read.pair, dlq !== null);
    }
    return this.report(pairs, dlq, sampledAt);
  }

  /** Reads the oldest pending records the pair's tracker cannot date, unless a read runs already. */
  private startReads(pair: QueuePair, republish: boolean): void {
    const key = keyOf(pair);
    const tracker = this.trackers.get(key);
    if (!tracker || this.reads.has(key) || this.disposed) return;
    const wanted = tracker.takeWantedReads(Date.now());
    if (wanted.length === 0) return;
    const read = (async () => {
      const found = await readFirstRecords(await this.connection.getKafka(), pair.topic, wanted, {
        partitions: tracker.partitionIds(),
        timeoutMs: this.options.readTimeoutMs,
        signal: this.readsAbort.signal,
      });
      if (this.disposed) return;
      this.record(tracker.applyReads(found));
      const latest = this.latestReport;
      if (republish && latest) {
        this.publish({ ...latest, groups: latest.groups.map((g) => (samePair(g, pair) ? tracker.current()! : g)) });
      }
    })()
      // A failed read leaves the time lag unknown; the next one is due after the read interval.
      .catch(() => undefined)
      .finally(() => this.reads.delete(key));
    this.reads.set(key, read);
  }

  private async settled(pairs: readonly QueuePair[]): Promise<void> {
    await Promise.all(pairs.map((pair) => this.reads.get(keyOf(pair))));
  }

  private record(changes: readonly StatusChange[]): void {
    for (const change of changes) {
      this.changes.push(change);
      if (this.changes.length > this.options.keptChanges) this.changes.shift();
      if (!this.disposed) this.statusChanged.fire(change);
    }
  }

  private report(pairs: readonly QueuePair[], dlq: QueuePair | null, sampledAt: number): LagReport {
    const issues = [...pairs, ...(dlq ? [dlq] : [])].flatMap((pair) => {
      const error = this.errors.get(keyOf(pair));
      return error ? [{ groupId: pair.groupId, topic: pair.topic, error }] : [];
    });
    const healthy = (pair: QueuePair) => !this.errors.has(keyOf(pair));
    const dlqView = dlq && healthy(dlq) ? this.trackers.get(keyOf(dlq))?.current() : undefined;
    return {
      profileId: this.profileId,
      sampledAt,
      slaMs: this.conventions.persistenceSlaMs,
      windowMs: this.options.windowMs,
      groups: pairs.filter(healthy).flatMap((pair) => this.trackers.get(keyOf(pair))?.current() ?? []),
      dlq: dlqView ? toDlqDepth(dlqView) : null,
      issues,
    };
  }

  /** Makes `report` the latest and adds its chart point (a revised report replaces its own). */
  private publish(report: LagReport): void {
    if (this.disposed) return;
    this.latestReport = report;
    const point = historyPointOf(report);
    if (point) this.points = withHistoryPoint(this.points, point, this.options.historyLength);
    this.sampled.fire(report);
  }

  /** Stops the schedule and any read; waits for reads to leave their throwaway groups. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    this.readsAbort.abort();
    await Promise.allSettled([...this.reads.values()]);
    await this.admin.dispose();
    this.sampled.dispose();
    this.statusChanged.dispose();
  }
}
