import { expect, test } from 'vitest';
import { nextAlignedTick } from '../../../electron/main/core/lifecycle/alignedTicks';

const second = 1_000;
const b = 1_800_000_000_000; // a whole second

test('the first tick is the next whole interval', () => {
  expect(nextAlignedTick(b + 1, second, null)).toBe(b + second);
  expect(nextAlignedTick(b, second, null)).toBe(b + second);
});

test('a timer that fires a millisecond early does not bring its boundary round again', () => {
  expect(nextAlignedTick(b - 1, second, b)).toBe(b + second);
});

test('a late timer goes on from the next boundary still ahead, skipping the missed ones', () => {
  expect(nextAlignedTick(b + 5, second, b)).toBe(b + second);
  expect(nextAlignedTick(b + 2_500, second, b)).toBe(b + 3 * second);
});
