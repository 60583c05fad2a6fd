import { describe, expect, test } from 'vitest';
import { withHighWatermark, withRead, type OffsetTimeTable } from '../../../electron/main/core/analysis/offsetTimeTable';
import { needsRead, timeLagMs, timeLagResolutionMs, type ReadPolicy } from '../../../electron/main/core/analysis/timeLag';

const policy: ReadPolicy = { minIntervalMs: 10_000, uncertainMs: 2_000 };

/** A partition sampled every second while one record a second is appended: record n is produced in (n, n+1] s. */
function steadyTable(seconds: number): { table: OffsetTimeTable; producedAt: (offset: number) => number } {
  let table: OffsetTimeTable = [];
  for (let s = 0; s <= seconds; s++) table = withHighWatermark(table, s, s * 1_000);
  return { table, producedAt: (offset) => offset * 1_000 + 400 };
}

describe('timeLagMs', () => {
  test('is 0 without lag and unknown when nothing dates the record', () => {
    expect(timeLagMs([], 5, 0, 10_000)).toBe(0);
    expect(timeLagMs(withHighWatermark([], 20, 1_000), 5, 15, 10_000)).toBeNull();
  });

  test('is never below the true age of the oldest pending record, and above it by one interval at most', () => {
    const { table, producedAt } = steadyTable(30);
    const now = 30_500;
    for (let resume = 0; resume < 30; resume++) {
      const estimate = timeLagMs(table, resume, 30 - resume, now)!;
      const trueAge = now - producedAt(resume);
      expect(estimate).toBeGreaterThanOrEqual(trueAge);
      expect(estimate - trueAge).toBeLessThanOrEqual(1_000);
    }
  });

  test('a burst right after a sample is not made younger by interpolation', () => {
    // 1 000 records appended at 1 010 ms, just after the sample at 1 000 ms.
    const table = withHighWatermark(withHighWatermark([], 0, 1_000), 1_000, 2_000);
    const now = 5_000;
    expect(timeLagMs(table, 900, 100, now)).toBeGreaterThanOrEqual(now - 1_010);
  });

  test('after a read it is exact', () => {
    const table = withRead(withHighWatermark([], 50, 9_000), 10, 1_234);
    expect(timeLagMs(table, 10, 40, 10_000)).toBe(10_000 - 1_234);
  });
});

describe('needsRead', () => {
  const wide = withHighWatermark(withRead([], 0, 0), 100, 60_000);

  test('reads a record the table cannot date', () => {
    expect(needsRead(withHighWatermark([], 20, 1_000), 5, 15, undefined, 1_000, policy)).toBe(true);
  });

  test('does not read when the bracket is narrow or nothing waits', () => {
    const { table } = steadyTable(10);
    expect(needsRead(table, 5, 5, undefined, 10_000, policy)).toBe(false);
    expect(needsRead(wide, 100, 0, undefined, 60_000, policy)).toBe(false);
  });

  test('re-reads a loosely dated backlog, but not more often than the policy allows', () => {
    expect(needsRead(wide, 50, 50, undefined, 60_000, policy)).toBe(true);
    expect(needsRead(wide, 50, 50, { at: 55_000, offset: 40 }, 60_000, policy)).toBe(false);
    expect(needsRead(wide, 50, 50, { at: 45_000, offset: 40 }, 60_000, policy)).toBe(true);
  });
});

describe('timeLagResolutionMs', () => {
  test('0 after a read at the resume offset, the bracket width between samples, null without one', () => {
    const sampled = withHighWatermark(withHighWatermark([], 10, 1_000), 30, 2_000);
    expect(timeLagResolutionMs(sampled, 15, 15)).toBe(1_000);
    expect(timeLagResolutionMs(withRead(sampled, 15, 1_400), 15, 15)).toBe(0);
    expect(timeLagResolutionMs(withHighWatermark([], 20, 1_000), 25, 5)).toBeNull();
    expect(timeLagResolutionMs(sampled, 30, 0)).toBe(0);
  });
});
