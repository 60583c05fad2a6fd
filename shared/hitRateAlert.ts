/** The hit-rate alert level as people type it: a percentage from 0 (never alert) to 100, with decimals. */

/** The level until the user sets one: below 80 % of reads served from the cache is worth a look. */
export const defaultHitRateAlert = 0.8;

export type AlertPercent = { ratio: number } | { error: string };

/** "97.5" → 0.975; "" or "150" → an error that says what is accepted. */
export function parseAlertPercent(text: string): AlertPercent {
  const trimmed = text.trim().replace(/\s*%$/, '').replace(',', '.');
  const percent = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(percent)) return { error: `"${text}" is not a number: type a percentage from 0 to 100` };
  if (percent < 0 || percent > 100) return { error: `${trimmed} % is out of range: type a percentage from 0 to 100` };
  // Rounded so 99.9 is 0.999, not 0.9990000000000001.
  return { ratio: Number((percent / 100).toFixed(6)) };
}

/** 0.975 → "97.5", 0.8 → "80": the level as it was typed, up to two decimals. */
export function alertPercentText(ratio: number): string {
  return String(Number((ratio * 100).toFixed(2)));
}

export function isAlertRatio(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 1;
}
