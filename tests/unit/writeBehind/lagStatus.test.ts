import { describe, expect, test } from 'vitest';
import {
  evaluateLagStatus,
  lagGrowing,
  partitionStatus,
  type PartitionWindow,
  type WindowPoint,
} from '../../../electron/main/core/analysis/lagStatus';

const windowMs = 10_000;

/** One point a second ending at `now`, from [resume, lag] pairs. */
function points(now: number, values: Array<[resume: number, lag: number]>): WindowPoint[] {
  return values.map(([resume, lag], i) => ({ at: now - (values.length - 1 - i) * 1_000, resume, lag }));
}

function window(partition: number, now: number, values: Array<[number, number]>, lastMovedAt = now): PartitionWindow {
  return { partition, points: points(now, values), lastMovedAt };
}

describe('partitionStatus (Burrow rules)', () => {
  const now = 100_000;

  test('a window in which the lag touched zero is OK, even if offsets did not move since', () => {
    expect(partitionStatus(window(0, now, [[10, 0], [10, 5], [10, 9]], 0), true, windowMs, now)).toBe('OK');
  });

  test('offsets that do not move for a whole window while records wait: STALL with members, STOP without', () => {
    const stuck = window(0, now, [[10, 5], [10, 5], [10, 5]], now - windowMs);
    expect(partitionStatus(stuck, true, windowMs, now)).toBe('STALL');
    expect(partitionStatus(stuck, false, windowMs, now)).toBe('STOP');
    // Not yet a whole window without progress.
    expect(partitionStatus({ ...stuck, lastMovedAt: now - windowMs + 1 }, true, windowMs, now)).toBe('OK');
  });

  test('an offset moving back is REWIND', () => {
    expect(partitionStatus(window(0, now, [[100, 5], [40, 65], [45, 60]]), true, windowMs, now)).toBe('REWIND');
  });

  test('a lag that keeps growing while offsets move is WARN; one that shrinks is OK', () => {
    expect(partitionStatus(window(0, now, [[10, 5], [12, 8], [14, 12]]), true, windowMs, now)).toBe('WARN');
    expect(partitionStatus(window(0, now, [[10, 12], [14, 8], [18, 5]]), true, windowMs, now)).toBe('OK');
  });
});

describe('lagGrowing', () => {
  const at = (lags: number[]) => lags.map((lag, i) => ({ at: i * 1_000, resume: i, lag }));

  test('needs three samples and a lag that ends higher', () => {
    expect(lagGrowing(at([5, 9]))).toBe(false);
    expect(lagGrowing(at([5, 5, 5]))).toBe(false);
    expect(lagGrowing(at([5, 5, 6]))).toBe(true);
  });

  test('sees a rising sawtooth, which Burrow alone would miss', () => {
    // The flusher drops the lag at every batch, but less than the writers add.
    expect(lagGrowing(at([100, 40, 160, 90, 220, 150, 280, 210]))).toBe(true);
    expect(lagGrowing(at([100, 40, 110, 35, 105, 40, 100, 38]))).toBe(false);
    expect(lagGrowing(at([100, 40, 110, 35, 111, 41, 112, 42]))).toBe(false);
  });

  test('entering WARN takes a 10% higher mean; staying in it only a higher one (hysteresis)', () => {
    const slightlyHigher = at([100, 40, 104, 42, 106, 43, 105, 44]);
    expect(lagGrowing(slightlyHigher)).toBe(false);
    expect(lagGrowing(slightlyHigher, true)).toBe(true);
    expect(lagGrowing(at([100, 40, 98, 38, 97, 39, 96, 37]), true)).toBe(false);
  });
});

describe('evaluateLagStatus', () => {
  const now = 50_000;

  test('the group takes its worst partition, with a reason that says why', () => {
    const verdict = evaluateLagStatus({
      groupId: 'cache-flusher',
      memberCount: 2,
      windowMs,
      now,
      partitions: [
        window(0, now, [[10, 0], [12, 0], [14, 0]]),
        window(1, now, [[10, 5], [10, 60], [10, 1_200]], now - 14_000),
        window(2, now, [[10, 5], [12, 8], [14, 12]]),
      ],
    });
    expect(verdict.status).toBe('STALL');
    expect(verdict.reason).toBe('no progress for 14 s on 1 of 3 partitions while 1,212 records wait; cache-flusher has 2 members');
    expect([...verdict.byPartition]).toEqual([
      [0, 'OK'],
      [1, 'STALL'],
      [2, 'WARN'],
    ]);
  });

  test('explains STOP, REWIND, WARN and OK', () => {
    const judge = (partitions: PartitionWindow[], memberCount = 1) =>
      evaluateLagStatus({ groupId: 'g', memberCount, windowMs, now, partitions }).reason;
    expect(judge([window(0, now, [[10, 5], [10, 5]], now - 20_000)], 0)).toBe('g has no member and committed nothing for 20 s while 5 records wait');
    expect(judge([window(3, now, [[500, 5], [120, 385]])])).toBe('committed offset moved back on partition 3 (500 → 120)');
    expect(judge([window(0, now, [[10, 5], [12, 8], [14, 12]])])).toBe('lag growing on 1 of 1 partition: 5 → 12 over 2 s');
    expect(judge([window(0, now, [[10, 0]])])).toBe('caught up: nothing waiting');
    // Waiting records are "being persisted" only when the window saw some persisted.
    expect(judge([window(0, now, [[10, 7]])])).toBe('7 records waiting; one reading cannot tell whether the flushers are persisting them');
    expect(judge([window(0, now, [[10, 7], [12, 9]])])).toBe('9 records waiting, being persisted');
    expect(judge([window(0, now, [[10, 7], [10, 7], [10, 7]], now - 2_000)])).toBe('7 records waiting, none persisted for 2 s');
  });
});
