/** How the CLI and the renderer write lags, so that both say the same thing the same way. */

/** Up to `digits` decimals, without trailing zeros: 2.00 → "2", 2.03 → "2.03". */
const trimmed = (value: number, digits: number) => String(Number(value.toFixed(digits)));

/**
 * 850 → "850 ms", 2_034 → "2.03 s", 5_000 → "5 s", 12_340 → "12.3 s", 190_000 → "3 min",
 * 7_560_000 → "2.1 h"; null (unknown) → "?". Two decimals below 10 s, so that an age just
 * over an SLA never reads as equal to it.
 */
export function formatDurationMs(ms: number | null): string {
  if (ms === null) return '?';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimmed(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** 0.25 → "0.3/s", 1234.5 → "1,235/s"; null (not measured yet) → "?". */
export function formatPerSecond(rate: number | null): string {
  if (rate === null) return '?';
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US')}/s`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Brackets this narrow, or this small a share of the age, read as a measurement. */
const measuredWithinMs = 100;
const measuredShare = 0.1;

/** Whether a time lag is a measurement or only an upper bound (its bracket is too wide, or unknown). */
export function timeLagMeasured(ms: number, resolutionMs: number | null): boolean {
  return ms === 0 || (resolutionMs !== null && (resolutionMs <= measuredWithinMs || resolutionMs <= ms * measuredShare));
}

/**
 * A time lag with its real resolution: 120 (measured) → "120 ms"; 1_010 bounded by a 1 s
 * sampling bracket → "≤ 1.01 s"; null → "?".
 */
export function formatTimeLag(ms: number | null, resolutionMs: number | null): string {
  if (ms === null) return '?';
  return timeLagMeasured(ms, resolutionMs) ? formatDurationMs(ms) : `≤ ${formatDurationMs(ms)}`;
}
