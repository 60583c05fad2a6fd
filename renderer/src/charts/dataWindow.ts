import type { MetricPoints } from './cacheCharts';

export interface TimeWindow {
  from: number;
  to: number;
}

export interface ShownWindow extends TimeWindow {
  /** How long the data has been collected, when that is shorter than the range chosen; else null. */
  collectedMs: number | null;
}

/** Room left of the first point, as a share of the data's span. */
const marginShare = 0.05;
/** The narrowest a young chart gets: the first seconds would otherwise stretch two points across it. */
export const minShownSpanMs = 60_000;

/**
 * The part of the chosen range a chart shows. Once the data reaches back to the start of the
 * range, all of it; while the data is younger (the first minutes after start-up), from its first
 * point less a small margin to now, so the minutes collected fill the chart instead of crowding
 * its right edge. Never wider than the range, never narrower than a minute.
 */
export function shownWindow(range: TimeWindow, firstPointAt: number | null): ShownWindow {
  if (firstPointAt === null || firstPointAt <= range.from) return { ...range, collectedMs: null };
  const collectedMs = Math.max(0, range.to - firstPointAt);
  const margin = collectedMs * marginShare;
  const from = Math.max(range.from, Math.min(firstPointAt - margin, range.to - minShownSpanMs));
  return { from, to: range.to, collectedMs: from > range.from ? collectedMs : null };
}

/** The time of the earliest value (gaps aside) of any metric; null when there is none. */
export function firstValueAt(points: MetricPoints): number | null {
  let first: number | null = null;
  for (const columns of Object.values(points)) {
    const at = columns.firstValueTime();
    if (at !== null && (first === null || at < first)) first = at;
  }
  return first;
}
