import { randomUUID } from 'node:crypto';
import type { GroupLag, LagStatus, PartitionLag, QueueStatus, StatusChange } from '../../../../shared/contracts/writeBehind';
import type { AppErrorData } from '../../../../shared/errors';
import { formatDurationMs } from '../../../../shared/formatLag';
import { evaluateLagStatus, severity, type PartitionWindow, type StatusVerdict, type WindowPoint } from '../analysis/lagStatus';
import { defaultTableCapacity, trimBelow, withHighWatermark, withRead, type OffsetTimeTable } from '../analysis/offsetTimeTable';
import { partitionLag, resumeOffset, type PartitionOffsets } from '../analysis/partitionLag';
import { drainEtaMs, queueRates, type QueueTotals } from '../analysis/queueRates';
import { defaultDwell, settle, type DwellPolicy, type Settled } from '../analysis/settle';
import { needsRead, timeLagMs, timeLagResolutionMs, type LastRead, type ReadPolicy } from '../analysis/timeLag';
import type { QueuePair, QueueSnapshot } from './queueOffsets';
import type { FoundRecord, WantedRecord } from './recordTimestampReader';

export interface TrackerOptions {
  /** Burrow's window: statuses and rates are judged over the samples of this last stretch. */
  windowMs: number;
  slaMs: number;
  readPolicy: ReadPolicy;
  tableCapacity?: number;
  /**
   * False for the DLQ's replay cursor: it is a backlog to count, not a consumer expected
   * to keep up, so no status, SLA or time lag is judged for it.
   */
  judged: boolean;
  /** How long a new status or SLA state must hold before it is reported (defaultDwell). */
  dwell?: DwellPolicy;
}

interface PartitionState {
  table: OffsetTimeTable;
  lastResume: number;
  lastMovedAt: number;
  lastRead: LastRead | undefined;
}

interface WindowSample {
  at: number;
  points: Map<number, WindowPoint>;
  totals: QueueTotals;
}

/** The oldest record not yet persisted: the resume offset, unless retention removed it. */
const pendingFrom = (p: PartitionOffsets) => Math.max(resumeOffset(p), p.low);

/**
 * Everything CacheScope remembers about one (group, topic) pair between samples: the
 * status window, when each partition last moved, and each partition's (offset, time)
 * table for the time lag. It does no I/O: the sampler feeds it snapshots and reads.
 */
export class QueueTracker {
  private readonly partitions = new Map<number, PartitionState>();
  private window: WindowSample[] = [];
  private snapshot: QueueSnapshot | undefined;
  private firstObservedAt: number | undefined;
  private verdict: StatusVerdict | undefined;
  private settledStatus: Settled<LagStatus> | undefined;
  private settledBreach: Settled<boolean> | undefined;
  private judgedState: { status: QueueStatus; slaBreached: boolean } | undefined;
  private view: GroupLag | undefined;
  /** Since when the pair could not be read, until it is read again. */
  private unavailableSince: number | undefined;

  constructor(
    readonly pair: QueuePair,
    private readonly options: TrackerOptions,
  ) {}

  current(): GroupLag | undefined {
    return this.view;
  }

  /** Takes a new sample; returns the status changes it caused. */
  observe(snapshot: QueueSnapshot): StatusChange[] {
    const at = snapshot.requestedAt;
    if (this.unavailableSince !== undefined) this.forgetProgressBefore(at);
    this.snapshot = snapshot;
    this.firstObservedAt ??= at;
    const points = new Map<number, WindowPoint>();
    const totals: QueueTotals = { at, high: 0, resume: 0 };
    for (const p of snapshot.partitions) {
      const resume = resumeOffset(p);
      const lag = partitionLag(p);
      points.set(p.partition, { at, resume, lag });
      totals.high += p.high;
      totals.resume += resume;
      this.observePartition(p.partition, resume, p.high, pendingFrom(p), at);
    }
    this.window = [...this.window.filter((s) => s.at >= at - this.options.windowMs), { at, points, totals }];
    this.verdict = this.options.judged ? this.judge(snapshot, at) : undefined;
    if (this.verdict) this.settledStatus = this.settleStatus(this.verdict.status, snapshot, at);
    return this.update();
  }

  /**
   * The pair could not be read at `at` (Kafka unreachable): an UNAVAILABLE change the first
   * time, none while it lasts. The next sample read is judged afresh and records the recovery.
   */
  markUnavailable(at: number, error: AppErrorData): StatusChange[] {
    if (!this.options.judged || this.unavailableSince !== undefined) return [];
    this.unavailableSince = at;
    const previous = this.judgedState;
    this.judgedState = { status: 'UNAVAILABLE', slaBreached: previous?.slaBreached ?? false };
    return [
      {
        id: randomUUID(),
        at,
        groupId: this.pair.groupId,
        topic: this.pair.topic,
        previousStatus: previous?.status ?? null,
        status: 'UNAVAILABLE',
        previousSlaBreached: previous?.slaBreached ?? null,
        slaBreached: this.judgedState.slaBreached,
        reason: `cannot read the queue: ${error.message}`,
      },
    ];
  }

  /**
   * Back from an outage: offsets that did not move while nobody (flushers included) could
   * reach Kafka are not a stalled group, and rates across the outage mean nothing. The status
   * window starts again, and each partition counts as moving from now.
   */
  private forgetProgressBefore(at: number): void {
    this.window = [];
    this.firstObservedAt = at;
    for (const state of this.partitions.values()) state.lastMovedAt = at;
  }

  /** Partitions whose oldest pending record should be read now; they count as read from now on. */
  takeWantedReads(now: number): WantedRecord[] {
    if (!this.options.judged || !this.snapshot) return [];
    const wanted: WantedRecord[] = [];
    for (const p of this.snapshot.partitions) {
      const state = this.partitions.get(p.partition)!;
      const offset = pendingFrom(p);
      if (needsRead(state.table, offset, partitionLag(p), state.lastRead, now, this.options.readPolicy)) {
        state.lastRead = { at: now, offset };
        wanted.push({ partition: p.partition, offset });
      }
    }
    return wanted;
  }

  /** Learns the production times a read found; returns the SLA changes they reveal. */
  applyReads(found: readonly FoundRecord[]): StatusChange[] {
    const capacity = this.options.tableCapacity ?? defaultTableCapacity;
    for (const record of found) {
      const state = this.partitions.get(record.partition);
      if (state) state.table = withRead(state.table, record.offset, record.timestamp, capacity);
    }
    // A read that ended after the outage began judges nothing: the next sample read will.
    if (this.unavailableSince !== undefined) return [];
    return this.update();
  }

  /** All partitions of the topic, as last seen. */
  partitionIds(): number[] {
    return this.snapshot?.partitions.map((p) => p.partition) ?? [];
  }

  private observePartition(partition: number, resume: number, high: number, pending: number, at: number): void {
    const capacity = this.options.tableCapacity ?? defaultTableCapacity;
    const state = this.partitions.get(partition);
    if (!state) {
      this.partitions.set(partition, {
        table: trimBelow(withHighWatermark([], high, at, capacity), pending),
        lastResume: resume,
        lastMovedAt: at,
        lastRead: undefined,
      });
      return;
    }
    if (resume !== state.lastResume) {
      state.lastResume = resume;
      state.lastMovedAt = at;
    }
    state.table = trimBelow(withHighWatermark(state.table, high, at, capacity), pending);
  }

  private judge(snapshot: QueueSnapshot, now: number): StatusVerdict {
    const windows: PartitionWindow[] = snapshot.partitions.map((p) => ({
      partition: p.partition,
      points: this.window.flatMap((s) => {
        const point = s.points.get(p.partition);
        return point ? [point] : [];
      }),
      lastMovedAt: this.partitions.get(p.partition)!.lastMovedAt,
    }));
    return evaluateLagStatus({
      groupId: snapshot.pair.groupId,
      partitions: windows,
      memberCount: snapshot.members.length,
      windowMs: this.options.windowMs,
      now,
      sustainingWarn: this.settledStatus?.value === 'WARN',
    });
  }

  private get dwell(): DwellPolicy {
    return this.options.dwell ?? defaultDwell;
  }

  private windowComplete(at: number): boolean {
    return at - this.firstObservedAt! >= this.options.windowMs;
  }

  /**
   * A worse stall, stop or rewind is reported at once (each is already judged over a whole
   * window, or is a fact), and so is a queue that caught up; everything else must hold for
   * the dwell. Before a whole window was seen every verdict is provisional and shown as is.
   */
  private settleStatus(judged: LagStatus, snapshot: QueueSnapshot, at: number): Settled<LagStatus> {
    const reported = this.settledStatus?.value ?? 'OK';
    const escalation = judged !== 'WARN' && judged !== 'OK' && severity[judged] > severity[reported];
    const caughtUp = judged === 'OK' && snapshot.partitions.every((p) => partitionLag(p) === 0);
    const immediate = escalation || caughtUp || !this.windowComplete(at);
    return settle(this.settledStatus, judged, at, immediate, this.dwell);
  }

  /** The reported status's reason; while a different verdict waits out the dwell, both are said. */
  private statusReason(): string {
    const verdict = this.verdict;
    const settled = this.settledStatus;
    if (!verdict || !settled) return '';
    if (settled.value === verdict.status) return verdict.reason;
    const dwell = formatDurationMs(this.dwell.dwellMs);
    return `${verdict.reason} (${verdict.status} once this holds for ${dwell}; ${settled.value} until then)`;
  }

  /** Rebuilds the view and reports what changed in the judged state. */
  private update(): StatusChange[] {
    const snapshot = this.snapshot;
    if (!snapshot) return [];
    const at = snapshot.requestedAt;
    const owners = new Map<number, string>();
    for (const member of snapshot.members) for (const partition of member.partitions) owners.set(partition, member.clientId);
    const partitions: PartitionLag[] = snapshot.partitions.map((p) => {
      const lag = partitionLag(p);
      const table = this.partitions.get(p.partition)!.table;
      return {
        topic: snapshot.pair.topic,
        partition: p.partition,
        committed: p.committed,
        low: p.low,
        high: p.high,
        lag,
        timeLagMs: this.options.judged ? timeLagMs(table, pendingFrom(p), lag, at) : null,
        timeLagResolutionMs: this.options.judged ? timeLagResolutionMs(table, pendingFrom(p), lag) : null,
        status: this.verdict?.byPartition.get(p.partition) ?? 'OK',
        owner: owners.get(p.partition) ?? null,
      };
    });
    const totalLag = partitions.reduce((sum, p) => sum + p.lag, 0);
    const lagging = partitions.filter((p) => p.lag > 0);
    const dated = lagging.filter((p) => p.timeLagMs !== null);
    const oldest = dated.reduce<PartitionLag | undefined>((worst, p) => (worst && worst.timeLagMs! >= p.timeLagMs! ? worst : p), undefined);
    const oldestKnown = oldest?.timeLagMs ?? 0;
    const allDated = dated.length === lagging.length;
    // A breach seen on the partitions we can date is a breach, whatever the others hold.
    // It is reported at once; it ends once the oldest write has been back within the SLA for
    // the dwell, or at once when nothing is waiting any more.
    const over = oldestKnown > this.options.slaMs;
    const immediate = over || totalLag === 0;
    this.settledBreach = this.options.judged ? settle(this.settledBreach, over, at, immediate, this.dwell) : undefined;
    const slaBreached = this.settledBreach?.value ?? false;
    const rates = queueRates(this.window.map((s) => s.totals));
    this.view = {
      groupId: snapshot.pair.groupId,
      topic: snapshot.pair.topic,
      state: snapshot.state,
      members: snapshot.members,
      partitions,
      totalLag,
      maxTimeLagMs: allDated ? oldestKnown : null,
      maxTimeLagResolutionMs: !allDated ? null : (oldest?.timeLagResolutionMs ?? 0),
      status: this.settledStatus?.value ?? 'OK',
      statusReason: this.statusReason(),
      slaBreached,
      produceRate: rates.produceRate,
      persistRate: rates.persistRate,
      drainEtaMs: drainEtaMs(totalLag, rates),
      windowSamples: this.window.length,
      windowComplete: this.windowComplete(at),
    };
    return this.options.judged ? this.changes(this.view, at) : [];
  }

  private changes(view: GroupLag, at: number): StatusChange[] {
    const previous = this.judgedState;
    const outageStartedAt = this.unavailableSince;
    this.unavailableSince = undefined;
    this.judgedState = { status: view.status, slaBreached: view.slaBreached };
    const statusChanged = previous?.status !== view.status;
    const slaChanged = previous !== undefined && previous.slaBreached !== view.slaBreached;
    if (!statusChanged && !slaChanged) return [];
    const reasons = [
      ...(outageStartedAt === undefined ? [] : [`queue readable again after ${formatDurationMs(at - outageStartedAt)}`]),
      ...(statusChanged ? [view.statusReason] : []),
      ...(slaChanged || (previous === undefined && view.slaBreached) ? [this.slaSentence(view)] : []),
    ];
    return [
      {
        id: randomUUID(),
        at,
        groupId: view.groupId,
        topic: view.topic,
        previousStatus: previous?.status ?? null,
        status: view.status,
        previousSlaBreached: previous?.slaBreached ?? null,
        slaBreached: view.slaBreached,
        reason: reasons.join('; '),
      },
    ];
  }

  private slaSentence(view: GroupLag): string {
    const sla = formatDurationMs(this.options.slaMs);
    const oldest = Math.max(0, ...view.partitions.map((p) => p.timeLagMs ?? 0));
    return view.slaBreached
      ? `SLA breached: the oldest unpersisted write is ${formatDurationMs(oldest)} old (SLA ${sla})`
      : `back within the SLA: the oldest unpersisted write is ${formatDurationMs(oldest)} old (SLA ${sla})`;
  }
}
