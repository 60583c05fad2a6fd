import type { SeriesPoint } from '../../../shared/contracts/common';

/**
 * Chart data for ECharts: flat `[time, value, time, value, …]`, NaN for a gap. A typed array
 * is taken by ECharts as it is, where an array of pairs would be deep-copied at every update.
 */
export type FlatPoints = Float64Array;

/** Index of the first point at or after `time` (points are in time order). */
function firstAtOrAfter(points: readonly SeriesPoint[], time: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (points[mid]![0] < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Bucket widths that stay put while a window slides: whole seconds, then whole minutes. */
export function bucketWidthMs(spanMs: number, buckets: number): number {
  const raw = spanMs / buckets;
  const unit = raw >= 60_000 ? 60_000 : 1_000;
  return Math.max(unit, Math.ceil(raw / unit) * unit);
}

/** What a series was reduced to so far: finished buckets, and the one still filling. */
interface Reduction {
  widthMs: number;
  /** Per finished bucket: its index and its 1–3 points, flat (time, value, …). */
  finished: Array<{ bucket: number; flat: number[] }>;
  open: { bucket: number; low: SeriesPoint | null; high: SeriesPoint | null; gap: SeriesPoint | null } | null;
  /** Time of the newest point taken in. */
  scannedTo: number;
}

/** A bucket's lowest and highest point and first gap, in time order, each once. */
function bucketPoints({ low, high, gap }: NonNullable<Reduction['open']>): number[] {
  const kept = [low, high, gap].filter((p, i, all): p is SeriesPoint => p !== null && all.indexOf(p) === i);
  kept.sort((a, b) => a[0] - b[0]);
  return kept.flatMap(([time, value]) => [time, value ?? NaN]);
}

function takeIn(reduction: Reduction, points: readonly SeriesPoint[], from: number): void {
  for (let i = from; i < points.length; i++) {
    const point = points[i]!;
    const bucket = Math.floor(point[0] / reduction.widthMs);
    let open = reduction.open;
    if (!open || open.bucket !== bucket) {
      if (open) reduction.finished.push({ bucket: open.bucket, flat: bucketPoints(open) });
      open = reduction.open = { bucket, low: null, high: null, gap: null };
    }
    const value = point[1];
    if (value === null) open.gap ??= point;
    else {
      if (!open.low || value < open.low[1]!) open.low = point;
      if (!open.high || value > open.high[1]!) open.high = point;
    }
    reduction.scannedTo = point[0];
  }
}

/**
 * Per points array (the store appends at the end and trims at the front, never rewrites):
 * what it was reduced to, so a live update only takes in the new points.
 */
const reductions = new WeakMap<readonly SeriesPoint[], Reduction>();

/**
 * The points between `from` and `to`, reduced to at most 3 per bucket of time: each bucket's
 * lowest and highest point and its first gap. Peaks, dips and disconnections survive; what
 * no pixel could show goes, so a day of 1 s points draws as a few thousand (ECharts' LTTB still
 * runs, over little). Buckets are aligned to whole seconds or minutes of epoch time, so as the
 * window slides old buckets stay as they were and only new points are looked at.
 */
export function minMaxBuckets(points: readonly SeriesPoint[], from: number, to: number, buckets: number): FlatPoints {
  // One point beyond each end, so that lines reach the edges.
  const start = Math.max(0, firstAtOrAfter(points, from) - 1);
  const end = Math.min(points.length, firstAtOrAfter(points, to) + 1);
  if (end - start <= 3 * buckets) {
    const flat = new Float64Array((end - start) * 2);
    for (let i = start; i < end; i++) {
      flat[(i - start) * 2] = points[i]![0];
      flat[(i - start) * 2 + 1] = points[i]![1] ?? NaN;
    }
    return flat;
  }
  const widthMs = bucketWidthMs(to - from, buckets);
  let reduction = reductions.get(points);
  if (!reduction || reduction.widthMs !== widthMs) {
    reduction = { widthMs, finished: [], open: null, scannedTo: -Infinity };
    reductions.set(points, reduction);
  }
  takeIn(reduction, points, firstAtOrAfter(points, reduction.scannedTo + 1));
  const first = Math.floor(from / widthMs) - 1;
  const last = Math.floor(to / widthMs) + 1;
  // Buckets that slid out of every window shown since are forgotten.
  let drop = 0;
  while (drop < reduction.finished.length && reduction.finished[drop]!.bucket < first) drop++;
  if (drop > 0) reduction.finished.splice(0, drop);
  // The leftmost bucket is made again from the points still there: the store may have
  // trimmed some of those the cached one was made of.
  const leftmost = Math.floor(points[start]![0] / widthMs);
  const edge: Reduction = { widthMs, finished: [], open: null, scannedTo: -Infinity };
  let edgeEnd = start;
  while (edgeEnd < points.length && Math.floor(points[edgeEnd]![0] / widthMs) === leftmost) edgeEnd++;
  takeIn(edge, points.slice(start, edgeEnd), 0);
  const shown = [
    ...(edge.open ? [bucketPoints(edge.open)] : []),
    ...reduction.finished.filter((f) => f.bucket > leftmost && f.bucket <= last).map((f) => f.flat),
  ];
  if (reduction.open && reduction.open.bucket > leftmost && reduction.open.bucket <= last) shown.push(bucketPoints(reduction.open));
  const flat = new Float64Array(shown.reduce((n, values) => n + values.length, 0));
  let at = 0;
  for (const values of shown) {
    flat.set(values, at);
    at += values.length;
  }
  return flat;
}
