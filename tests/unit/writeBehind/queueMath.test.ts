import { expect, test } from 'vitest';
import { recordsLeft } from '../../../electron/main/core/analysis/drainProgress';
import { partitionLag, resumeOffset } from '../../../electron/main/core/analysis/partitionLag';
import { drainEtaMs, queueRates } from '../../../electron/main/core/analysis/queueRates';

test('lag counts from the committed offset, or from the low watermark when the group never committed', () => {
  expect(partitionLag({ partition: 0, low: 0, high: 120, committed: 100 })).toBe(20);
  expect(partitionLag({ partition: 0, low: 40, high: 120, committed: null })).toBe(80);
  expect(resumeOffset({ partition: 0, low: 40, high: 120, committed: null })).toBe(40);
  // Committed past the end: a recreated topic, nothing pending.
  expect(partitionLag({ partition: 0, low: 0, high: 10, committed: 50 })).toBe(0);
});

test('rates come from the first and last sample of the window; a rewind is no persistence', () => {
  const samples = [
    { at: 0, high: 1_000, resume: 900 },
    { at: 5_000, high: 1_500, resume: 1_300 },
    { at: 10_000, high: 2_000, resume: 1_700 },
  ];
  expect(queueRates(samples)).toEqual({ produceRate: 100, persistRate: 80 });
  expect(queueRates(samples.slice(0, 1))).toEqual({ produceRate: null, persistRate: null });
  expect(queueRates([{ at: 0, high: 10, resume: 10 }, { at: 1_000, high: 10, resume: 0 }]).persistRate).toBe(0);
});

test('the lag drains when persisting outpaces producing, and not otherwise', () => {
  expect(drainEtaMs(0, { produceRate: null, persistRate: null })).toBe(0);
  expect(drainEtaMs(1_000, { produceRate: 100, persistRate: 300 })).toBe(5_000);
  expect(drainEtaMs(1_000, { produceRate: 300, persistRate: 100 })).toBeNull();
  expect(drainEtaMs(1_000, { produceRate: null, persistRate: 100 })).toBeNull();
});

test('a flush is drained once every partition reached the end it was published at', () => {
  const targets = new Map([
    [0, 100],
    [1, 50],
  ]);
  expect(recordsLeft(targets, new Map([[0, 90], [1, 20]]))).toBe(40);
  // Records appended after the flush (resume past the target) do not count against it.
  expect(recordsLeft(targets, new Map([[0, 130], [1, 50]]))).toBe(0);
});
