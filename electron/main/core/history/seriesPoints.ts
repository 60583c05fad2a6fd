import type { SeriesPoint } from '../../../../shared/contracts/common';
import type { SeriesWindow } from './tieredSeries';

/**
 * Chart points of a window: `[bucketStart, value]`, with one `[time, null]` per run of empty
 * buckets so a chart breaks the line there (a gap, not a zero or a straight line), and no
 * points before the first value.
 */
export function windowPoints(window: SeriesWindow): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  let inGap = true;
  for (let i = 0; i < window.values.length; i++) {
    const value = window.values[i]!;
    const time = (window.firstBucket + i) * window.stepMs;
    if (Number.isNaN(value)) {
      if (!inGap) points.push([time, null]);
      inGap = true;
    } else {
      points.push([time, value]);
      inGap = false;
    }
  }
  return points;
}

/** Combines two windows of the same tier bucket by bucket; NaN where either is a gap or `combine` says so. */
export function combineWindows(a: SeriesWindow, b: SeriesWindow, combine: (a: number, b: number) => number): SeriesWindow {
  if (a.stepMs !== b.stepMs || a.firstBucket !== b.firstBucket || a.values.length !== b.values.length) {
    throw new Error('combineWindows needs windows of the same tier and range');
  }
  const values = new Float64Array(a.values.length);
  for (let i = 0; i < values.length; i++) values[i] = combine(a.values[i]!, b.values[i]!);
  return { stepMs: a.stepMs, firstBucket: a.firstBucket, values };
}
