import { expect, test } from 'vitest';
import { parseAge, parseMoment } from '../../../electron/main/cli/timeArgs';

const now = Date.UTC(2026, 11, 1, 22, 0);

test('a moment is an age before now or a full date and time; anything else is refused', () => {
  expect(parseAge('90m')).toBe(90 * 60_000);
  expect(parseMoment('1h', now)).toBe(now - 3_600_000);
  expect(parseMoment('2026-12-01T21:30Z', now)).toBe(Date.UTC(2026, 11, 1, 21, 30));
  expect(parseMoment('2026-12-01T21:30:15.500Z', now)).toBe(Date.UTC(2026, 11, 1, 21, 30, 15, 500));
  expect(parseMoment('1764626400000', now)).toBe(1_764_626_400_000);
  for (const bad of ['', '1', 'June', 'yesterday', '1w', '2026-13-45T99:00Z', '-1h']) expect(parseMoment(bad, now), bad).toBeNull();
});
