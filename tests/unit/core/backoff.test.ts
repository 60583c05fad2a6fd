import { expect, test } from 'vitest';
import { backoffDelay } from '../../../electron/main/core/analysis/backoff';

const options = { intervalMs: 2000, baseMs: 1000, maxMs: 30000 };

test('healthy services are probed at the regular interval', () => {
  expect(backoffDelay(0, options)).toBe(2000);
});

test('failures double the delay up to the cap', () => {
  expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, options))).toEqual([
    1000, 2000, 4000, 8000, 16000, 30000, 30000,
  ]);
  expect(backoffDelay(10_000, options)).toBe(30000);
});
