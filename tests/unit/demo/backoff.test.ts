import { describe, expect, test } from 'vitest';
import { backoffDelayMs } from '../../../demo/flusher/backoff';

describe('backoff', () => {
  const policy = { baseMs: 100, maxMs: 5_000, factor: 2, jitter: 'none' as const };

  test('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs(n, policy))).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  test('huge retry counts neither overflow nor exceed the cap', () => {
    expect(backoffDelayMs(10_000, policy)).toBe(5_000);
    expect(backoffDelayMs(0, policy)).toBe(100);
  });

  test('equal jitter keeps at least half of each delay and never exceeds it', () => {
    const jittered = { ...policy, jitter: 'equal' as const };
    expect(backoffDelayMs(3, jittered, () => 0)).toBe(200);
    expect(backoffDelayMs(3, jittered, () => 0.5)).toBe(300);
    expect(backoffDelayMs(3, jittered, () => 0.999999)).toBeLessThan(400);
    expect(backoffDelayMs(20, jittered, () => 1)).toBe(5_000);
  });

  test('another factor grows accordingly', () => {
    expect(backoffDelayMs(3, { baseMs: 10, maxMs: 1e6, factor: 3, jitter: 'none' })).toBe(90);
  });
});
