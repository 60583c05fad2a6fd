import type { LagStatus } from '../../../../shared/contracts/writeBehind';
import { formatCount as count } from '../../../../shared/formatLag';

/** One sample of one partition inside the status window. */
export interface WindowPoint {
  at: number;
  /** Where the group resumes (committed offset, or the low watermark). */
  resume: number;
  lag: number;
}

export interface PartitionWindow {
  partition: number;
  /** Oldest first; the last one is the current sample. */
  points: readonly WindowPoint[];
  /** When its resume offset last changed (or when watching started, if it never did). */
  lastMovedAt: number;
}

export interface StatusInput {
  groupId: string;
  partitions: readonly PartitionWindow[];
  memberCount: number;
  windowMs: number;
  now: number;
  /**
   * The group is WARN already: a growing lag then only has to keep growing, not grow by
   * the margin that entering WARN takes (hysteresis, so noise around the margin does not flap).
   */
  sustainingWarn?: boolean;
}

export interface StatusVerdict {
  status: LagStatus;
  reason: string;
  byPartition: ReadonlyMap<number, LagStatus>;
}

/** Worst first when a group's partitions disagree. */
export const severity: Record<LagStatus, number> = { OK: 0, WARN: 1, REWIND: 2, STALL: 3, STOP: 4 };

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** How much higher the second half's mean must be to enter WARN, and to stay in it. */
const enterGrowth = 1.1;
const sustainGrowth = 1;

/**
 * Burrow's WARN: the lag did not shrink at any step and ended higher. A flusher's lag is a
 * sawtooth (it drops at every batch), which that rule never sees growing, so a lag also
 * grows when the second half of the window has both higher lows and higher highs than the
 * first, and a mean at least 10% higher (a flat sawtooth's noise is not growth). Once WARN,
 * a higher mean alone keeps it growing: it is left only when the lag stops rising.
 */
export function lagGrowing(points: readonly WindowPoint[], sustaining = false): boolean {
  if (points.length < 3) return false;
  const lags = points.map((p) => p.lag);
  const neverShrank = lags.every((lag, i) => i === 0 || lag >= lags[i - 1]!);
  if (neverShrank && lags.at(-1)! > lags[0]!) return true;
  if (lags.length < 4) return false;
  const half = Math.floor(lags.length / 2);
  const early = lags.slice(0, half);
  const late = lags.slice(lags.length - half);
  if (sustaining) return mean(late) > mean(early) * sustainGrowth;
  const envelopesRose = Math.min(...late) > Math.min(...early) && Math.max(...late) > Math.max(...early);
  return envelopesRose && mean(late) >= mean(early) * enterGrowth;
}

/**
 * One partition's verdict, after Burrow's rules: a window in which the lag touched zero
 * is OK; an offset that went back is REWIND; no progress for a whole window while records
 * wait is STALL when the group has members (they are stuck) and STOP when it has none
 * (nobody is consuming); a growing lag is WARN.
 */
export function partitionStatus(
  window: PartitionWindow,
  hasMembers: boolean,
  windowMs: number,
  now: number,
  sustainingWarn = false,
): LagStatus {
  const { points } = window;
  if (points.length === 0 || points.some((p) => p.lag === 0)) return 'OK';
  if (points.some((p, i) => i > 0 && p.resume < points[i - 1]!.resume)) return 'REWIND';
  if (now - window.lastMovedAt >= windowMs) return hasMembers ? 'STALL' : 'STOP';
  return lagGrowing(points, sustainingWarn) ? 'WARN' : 'OK';
}

const seconds = (ms: number) => `${Math.max(0, Math.floor(ms / 1000))} s`;
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

function currentLag(partitions: readonly PartitionWindow[]): number {
  return partitions.reduce((sum, p) => sum + (p.points.at(-1)?.lag ?? 0), 0);
}

/**
 * OK with records waiting: being persisted only if some were within the window; one
 * reading cannot tell, and offsets that did not move are not called progress.
 */
function describeWaiting(input: StatusInput, waiting: number): string {
  const lagging = input.partitions.filter((p) => (p.points.at(-1)?.lag ?? 0) > 0);
  const records = plural(waiting, 'record');
  if (lagging.every((p) => p.points.length < 2)) return `${records} waiting; one reading cannot tell whether the flushers are persisting them`;
  const moved = lagging.some((p) => p.points.some((point, i) => point.lag === 0 || (i > 0 && point.resume !== p.points[i - 1]!.resume)));
  if (moved) return `${records} waiting, being persisted`;
  const lastMovedAt = Math.max(...lagging.map((p) => p.lastMovedAt));
  return `${records} waiting, none persisted for ${seconds(input.now - lastMovedAt)}`;
}

function describe(status: LagStatus, input: StatusInput, culprits: readonly PartitionWindow[]): string {
  const { partitions, memberCount, now, groupId } = input;
  const waiting = currentLag(partitions);
  const share = `${count(culprits.length)} of ${plural(partitions.length, 'partition')}`;
  switch (status) {
    case 'OK':
      return waiting === 0 ? 'caught up: nothing waiting' : describeWaiting(input, waiting);
    case 'WARN': {
      const first = culprits.reduce((sum, p) => sum + p.points[0]!.lag, 0);
      const last = currentLag(culprits);
      const span = Math.max(...culprits.map((p) => p.points.at(-1)!.at - p.points[0]!.at));
      return `lag growing on ${share}: ${count(first)} → ${count(last)} over ${seconds(span)}`;
    }
    case 'REWIND': {
      const [first] = culprits;
      const points = first!.points;
      const step = points.findIndex((p, i) => i > 0 && p.resume < points[i - 1]!.resume);
      const more = culprits.length > 1 ? ` and ${plural(culprits.length - 1, 'other partition')}` : '';
      return `committed offset moved back on partition ${first!.partition} (${count(points[step - 1]!.resume)} → ${count(points[step]!.resume)})${more}`;
    }
    case 'STALL': {
      const stuckFor = now - Math.max(...culprits.map((p) => p.lastMovedAt));
      return `no progress for ${seconds(stuckFor)} on ${share} while ${plural(waiting, 'record')} wait; ${groupId} has ${plural(memberCount, 'member')}`;
    }
    case 'STOP': {
      const stoppedFor = now - Math.max(...culprits.map((p) => p.lastMovedAt));
      return `${groupId} has no member and committed nothing for ${seconds(stoppedFor)} while ${plural(waiting, 'record')} wait`;
    }
  }
}

/** The group's verdict is its worst partition's, with a sentence saying why. */
export function evaluateLagStatus(input: StatusInput): StatusVerdict {
  const hasMembers = input.memberCount > 0;
  const byPartition = new Map<number, LagStatus>();
  let status: LagStatus = 'OK';
  for (const window of input.partitions) {
    const verdict = partitionStatus(window, hasMembers, input.windowMs, input.now, input.sustainingWarn);
    byPartition.set(window.partition, verdict);
    if (severity[verdict] > severity[status]) status = verdict;
  }
  const culprits = input.partitions.filter((p) => byPartition.get(p.partition) === status);
  return { status, reason: describe(status, input, culprits), byPartition };
}
