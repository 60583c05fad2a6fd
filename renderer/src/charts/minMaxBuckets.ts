import type { PointColumns } from './pointColumns';

/**
 * Chart data for ECharts: flat `[time, value, time, value, …]`, NaN for a gap. A typed array
 * is taken by ECharts as it is, where an array of pairs would be deep-copied at every update.
 */
export type FlatPoints = Float64Array;

/** Bucket widths that stay put while a window slides: whole seconds, then whole minutes. */
export function bucketWidthMs(spanMs: number, buckets: number): number {
  const raw = spanMs / buckets;
  const unit = raw >= 60_000 ? 60_000 : 1_000;
  return Math.max(unit, Math.ceil(raw / unit) * unit);
}

/** A bucket still filling: its lowest and highest point and first gap (NaN times when none yet). */
interface OpenBucket {
  bucket: number;
  lowTime: number;
  lowValue: number;
  highTime: number;
  highValue: number;
  gapTime: number;
}

/** What a series was reduced to so far: finished buckets, and the one still filling. */
interface Reduction {
  widthMs: number;
  /** Per finished bucket: its index and its 1–3 points, flat (time, value, …). */
  finished: Array<{ bucket: number; flat: number[] }>;
  open: OpenBucket | null;
  /** Time of the newest point taken in. */
  scannedTo: number;
}

/** A bucket's lowest and highest point and first gap, in time order, each once. */
function bucketPoints({ lowTime, lowValue, highTime, highValue, gapTime }: OpenBucket): number[] {
  const kept: Array<[number, number]> = [];
  if (!Number.isNaN(lowTime)) kept.push([lowTime, lowValue]);
  if (!Number.isNaN(highTime) && highTime !== lowTime) kept.push([highTime, highValue]);
  if (!Number.isNaN(gapTime)) kept.push([gapTime, NaN]);
  kept.sort((a, b) => a[0] - b[0]);
  return kept.flat();
}

/**
 * Takes the points at indices [from, to) into the reduction. The open bucket lives in locals
 * while the loop runs: on a first render it sees a day of points.
 */
function takeIn(reduction: Reduction, points: PointColumns, from: number, to: number): void {
  const { widthMs, finished } = reduction;
  let { bucket, lowTime, lowValue, highTime, highValue, gapTime } = reduction.open ?? {
    bucket: NaN,
    lowTime: NaN,
    lowValue: NaN,
    highTime: NaN,
    highValue: NaN,
    gapTime: NaN,
  };
  for (let i = from; i < to; i++) {
    const time = points.timeAt(i);
    const value = points.valueAt(i);
    const at = Math.floor(time / widthMs);
    if (at !== bucket) {
      if (!Number.isNaN(bucket)) finished.push({ bucket, flat: bucketPoints({ bucket, lowTime, lowValue, highTime, highValue, gapTime }) });
      bucket = at;
      lowTime = lowValue = highTime = highValue = gapTime = NaN;
    }
    if (Number.isNaN(value)) {
      if (Number.isNaN(gapTime)) gapTime = time;
    } else {
      if (Number.isNaN(lowTime) || value < lowValue) {
        lowTime = time;
        lowValue = value;
      }
      if (Number.isNaN(highTime) || value > highValue) {
        highTime = time;
        highValue = value;
      }
    }
  }
  if (Number.isNaN(bucket)) return;
  reduction.open = { bucket, lowTime, lowValue, highTime, highValue, gapTime };
  reduction.scannedTo = points.timeAt(to - 1);
}

/**
 * Per series (the store appends at the end and drops at the front, never rewrites): what it
 * was reduced to, so a live update only takes in the new points.
 */
const reductions = new WeakMap<PointColumns, Reduction>();

/**
 * The points between `from` and `to`, reduced to at most 3 per bucket of time: each bucket's
 * lowest and highest point and its first gap. Peaks, dips and disconnections survive; what
 * no pixel could show goes, so a day of 1 s points draws as a few thousand (ECharts' LTTB still
 * runs, over little). Buckets are aligned to whole seconds or minutes of epoch time, so as the
 * window slides old buckets stay as they were and only new points are looked at.
 */
export function minMaxBuckets(points: PointColumns, from: number, to: number, buckets: number): FlatPoints {
  // One point beyond each end, so that lines reach the edges.
  const start = Math.max(0, points.firstAtOrAfter(from) - 1);
  const end = Math.min(points.length, points.firstAtOrAfter(to) + 1);
  if (end - start <= 3 * buckets) {
    const flat = new Float64Array((end - start) * 2);
    for (let i = start; i < end; i++) {
      flat[(i - start) * 2] = points.timeAt(i);
      flat[(i - start) * 2 + 1] = points.valueAt(i);
    }
    return flat;
  }
  const widthMs = bucketWidthMs(to - from, buckets);
  let reduction = reductions.get(points);
  if (!reduction || reduction.widthMs !== widthMs) {
    reduction = { widthMs, finished: [], open: null, scannedTo: -Infinity };
    reductions.set(points, reduction);
  }
  takeIn(reduction, points, points.firstAtOrAfter(reduction.scannedTo + 1), points.length);
  const first = Math.floor(from / widthMs) - 1;
  const last = Math.floor(to / widthMs) + 1;
  // Buckets that slid out of every window shown since are forgotten.
  let drop = 0;
  while (drop < reduction.finished.length && reduction.finished[drop]!.bucket < first) drop++;
  if (drop > 0) reduction.finished.splice(0, drop);
  // The leftmost bucket is made again from the points still there: the store may have
  // dropped some of those the cached one was made of.
  const leftmost = Math.floor(points.timeAt(start) / widthMs);
  const edge: Reduction = { widthMs, finished: [], open: null, scannedTo: -Infinity };
  let edgeEnd = start;
  while (edgeEnd < points.length && Math.floor(points.timeAt(edgeEnd) / widthMs) === leftmost) edgeEnd++;
  takeIn(edge, points, start, edgeEnd);
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
