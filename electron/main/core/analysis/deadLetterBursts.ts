import type { LagReport } from '../../../../shared/contracts/writeBehind';
import { formatDurationMs } from '../../../../shared/formatLag';
import { formatCount } from '../../../../shared/formatUnits';
import type { TimelineDraft } from './timelineDraft';

/** A burst ends after this long without a new dead letter; the next arrival starts another. */
export const burstQuietMs = 60_000;

export interface DeadLetterBurstState {
  /** Dead letters ever written: the DLQ partitions' high watermarks summed; null before the first reading. */
  written: number | null;
  lastArrivalAt: number | null;
  /** The burst in progress: when it began and how many arrived since. */
  burst: { startedAt: number; arrived: number } | null;
}

export const initialDeadLetterBursts: DeadLetterBurstState = { written: null, lastArrivalAt: null, burst: null };

/**
 * Dead-letter arrivals as bursts, from the DLQ's high watermarks (not its depth: a replay
 * lowers the depth, and arrivals during a replay still count). The first arrival after a quiet
 * minute opens a burst (one event), the burst's end — a minute without arrivals — closes it
 * with how many came and over how long. A topic that shrank (recreated) starts counting over.
 */
export function deadLetterBursts(state: DeadLetterBurstState, report: LagReport): { state: DeadLetterBurstState; drafts: TimelineDraft[] } {
  const dlq = report.dlq;
  if (!dlq) return { state, drafts: [] };
  const at = report.sampledAt;
  const written = dlq.partitions.reduce((sum, p) => sum + p.high, 0);
  const drafts: TimelineDraft[] = [];
  const arrived = state.written === null || written < state.written ? 0 : written - state.written;
  let { lastArrivalAt, burst } = state;
  if (arrived > 0) {
    if (!burst) {
      burst = { startedAt: at, arrived: 0 };
      drafts.push({
        kind: 'deadLetters',
        at,
        severity: 'warning',
        title: `Dead letters arriving on ${dlq.topic}`,
        detail: `${formatCount(arrived)} new; ${formatCount(dlq.depth)} waiting for replay`,
        route: '/failed-writes',
        source: 'write-behind sampler',
      });
    }
    burst = { ...burst, arrived: burst.arrived + arrived };
    lastArrivalAt = at;
  } else if (burst && lastArrivalAt !== null && at - lastArrivalAt >= burstQuietMs) {
    drafts.push({
      kind: 'deadLetters',
      at: lastArrivalAt,
      severity: 'info',
      title: `Dead-letter burst over on ${dlq.topic}`,
      detail: `${formatCount(burst.arrived)} dead letters over ${formatDurationMs(lastArrivalAt - burst.startedAt)}; ${formatCount(dlq.depth)} waiting for replay`,
      route: '/failed-writes',
      source: 'write-behind sampler',
    });
    burst = null;
  }
  return { state: { written, lastArrivalAt, burst }, drafts };
}
