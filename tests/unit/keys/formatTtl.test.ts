import { expect, test } from 'vitest';
import { formatLocalTime, formatTtl, formatUtcTime } from '../../../shared/formatTtl';

test('TTLs read as a person counts them down', () => {
  expect(formatTtl(null)).toBe('no TTL');
  expect(formatTtl(9_540)).toBe('9.5 s');
  expect(formatTtl(0)).toBe('0.0 s');
  expect(formatTtl(42_000)).toBe('42 s');
  expect(formatTtl(252_000)).toBe('4m 12s');
  expect(formatTtl(7_384_000)).toBe('2h 03m 04s');
  expect(formatTtl(200_000_000)).toBe('2d 7h 33m');
});

test('an expiry in local time with its offset, and in UTC', () => {
  const at = Date.UTC(2026, 11, 1, 19, 40, 12, 400);
  expect(formatUtcTime(at)).toBe('2026-12-01T19:40:12Z');
  expect(formatLocalTime(at)).toMatch(/^2026-12-0[12] \d\d:\d\d:12 UTC[+-]\d\d:\d\d$/);
});
