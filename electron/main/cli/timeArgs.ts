const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `1h`, `30m`, `2d`, `45s` as milliseconds; null when it is not one. */
export function parseAge(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  return match ? Number(match[1]) * units[match[2]!]! : null;
}

/**
 * A moment as `--since`/`--until` take it: an age before `now` (`1h`), a date and time
 * (`2026-12-01T22:00Z`) or epoch milliseconds; null when none of them.
 */
export function parseMoment(text: string, now: number): number | null {
  const age = parseAge(text);
  if (age !== null) return Math.max(0, Math.round(now - age));
  // Epoch ms from 10 digits (2001 on): "1" is more likely a slip than the first millisecond of 1970.
  if (/^\d{10,16}$/.test(text.trim())) return Number(text.trim());
  // Only full dates: Date.parse reads "1" or "June" as some year, not as a time anyone meant.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return null;
  const at = Date.parse(text.trim());
  return Number.isFinite(at) && at >= 0 ? at : null;
}

export const momentHelp = 'an age (30m, 1h, 2d), a date and time (2026-12-01T21:30Z) or epoch ms';
