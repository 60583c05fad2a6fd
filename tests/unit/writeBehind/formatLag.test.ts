import { expect, test } from 'vitest';
import { formatCount, formatDurationMs, formatPerSecond } from '../../../shared/formatLag';

test('durations read naturally at every scale, unknown as "?"', () => {
  expect(formatDurationMs(null)).toBe('?');
  expect(formatDurationMs(850)).toBe('850 ms');
  expect(formatDurationMs(5_120)).toBe('5.12 s');
  expect(formatDurationMs(2_034)).toBe('2.03 s');
  expect(formatDurationMs(5_000)).toBe('5 s');
  expect(formatDurationMs(12_340)).toBe('12.3 s');
  expect(formatDurationMs(190_000)).toBe('3 min');
  expect(formatDurationMs(7_560_000)).toBe('2.1 h');
});

test('rates and counts', () => {
  expect(formatPerSecond(null)).toBe('?');
  expect(formatPerSecond(0.25)).toBe('0.3/s');
  expect(formatPerSecond(1_234.5)).toBe('1,235/s');
  expect(formatCount(1_234_567)).toBe('1,234,567');
});
