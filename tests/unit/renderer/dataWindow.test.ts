import { describe, expect, test } from 'vitest';
import { firstValueAt, minShownSpanMs, shownWindow } from '../../../renderer/src/charts/dataWindow';
import { emptyMetricPoints } from '../../../renderer/src/charts/liveSeries';

const now = 1_764_000_000_000;
const fifteenMin = { from: now - 15 * 60_000, to: now };

describe('shownWindow', () => {
  test('two minutes of data in a 15 min range: from the first point, less a small margin, to now', () => {
    const first = now - 120_000;
    const shown = shownWindow(fifteenMin, first);
    expect(shown.to).toBe(now);
    expect(shown.from).toBe(first - 6_000);
    expect(shown.collectedMs).toBe(120_000);
  });

  test('data as old as the range, or older: the range chosen', () => {
    expect(shownWindow(fifteenMin, fifteenMin.from)).toEqual({ ...fifteenMin, collectedMs: null });
    expect(shownWindow(fifteenMin, fifteenMin.from - 1)).toEqual({ ...fifteenMin, collectedMs: null });
  });

  test('no data at all: the range chosen', () => {
    expect(shownWindow(fifteenMin, null)).toEqual({ ...fifteenMin, collectedMs: null });
  });

  test('the first seconds: at least a minute wide', () => {
    const shown = shownWindow(fifteenMin, now - 5_000);
    expect(shown).toEqual({ from: now - minShownSpanMs, to: now, collectedMs: 5_000 });
  });

  test('data just younger than the range: never wider than the range, and then no note', () => {
    const shown = shownWindow(fifteenMin, fifteenMin.from + 10_000);
    expect(shown.from).toBe(fifteenMin.from);
    expect(shown.collectedMs).toBeNull();
  });

  test('grows with the data until the range applies', () => {
    const froms = [1, 3, 10, 14.9, 15].map((min) => shownWindow(fifteenMin, now - min * 60_000).from);
    expect(froms).toEqual([...froms].sort((a, b) => b - a));
    expect(froms.at(-1)).toBe(fifteenMin.from);
  });

  test('a range shorter than a minute of data is never widened past itself', () => {
    const tiny = { from: now - 30_000, to: now };
    expect(shownWindow(tiny, now - 10_000)).toEqual({ ...tiny, collectedMs: null });
  });
});

test('firstValueAt: the earliest value of any metric, gaps aside', () => {
  const points = emptyMetricPoints();
  expect(firstValueAt(points)).toBeNull();
  points.opsPerSec.push(now - 50_000, null);
  expect(firstValueAt(points)).toBeNull();
  points.opsPerSec.push(now - 40_000, 12);
  points.usedMemory.push(now - 45_000, 1024);
  points.hitRate.push(now - 30_000, 0.9);
  expect(firstValueAt(points)).toBe(now - 45_000);
});
