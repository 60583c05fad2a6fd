import type { LagHistoryPoint, LagReport } from './contracts/writeBehind';

/** A point that breaks the charts' lines: the queue could not be read at `at`. */
export function gapPoint(at: number): LagHistoryPoint {
  return { at, totalLag: null, maxTimeLagMs: null, produceRate: null, persistRate: null, dlqDepth: null, dlqArrivalRate: null };
}

export function isGap(point: LagHistoryPoint): boolean {
  return point.totalLag === null;
}

/**
 * The chart point a report adds to the queue's history: the flusher group on the queue
 * topic (the report's first group) and the DLQ depth; a gap when the queue could not be read
 * (Kafka down, topic missing), so that the charts do not draw a line across the outage. The
 * core keeps these points and the renderer appends them from live reports, so both derive
 * them here.
 */
export function historyPointOf(report: LagReport): LagHistoryPoint | null {
  const queue = report.groups[0];
  if (!queue) return report.issues.length > 0 ? gapPoint(report.sampledAt) : null;
  return {
    at: report.sampledAt,
    totalLag: queue.totalLag,
    maxTimeLagMs: queue.maxTimeLagMs,
    produceRate: queue.produceRate,
    persistRate: queue.persistRate,
    dlqDepth: report.dlq?.depth ?? null,
    dlqArrivalRate: report.dlq?.arrivalRate ?? null,
  };
}

/**
 * Adds a point to a bounded history. A report revised after its time lags were read has
 * the same sample time: its point replaces the first one. A point older than the last is
 * dropped (reports crossing on the wire), and so is a gap after a gap: one breaks the line.
 */
export function withHistoryPoint(points: readonly LagHistoryPoint[], point: LagHistoryPoint, limit: number): LagHistoryPoint[] {
  const last = points.at(-1);
  if (last?.at === point.at) return [...points.slice(0, -1), point];
  if (last && last.at > point.at) return points.slice();
  if (last && isGap(last) && isGap(point)) return points.slice();
  return [...points.slice(-(limit - 1)), point];
}
