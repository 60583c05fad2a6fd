/** Number formats shared by the CLI and the renderer, so both say the same thing the same way. */

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB" (powers of 1024, as Redis's own *_human fields). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(value < 10 ? 2 : 1)} ${byteUnits[unit]}`;
}

/** 0.7 → "70.0 %"; null (nothing read) → "—". */
export function formatPercent(ratio: number | null, digits = 1): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(digits)} %`;
}

/** 1234567 → "1,234,567"; charts call it for every axis label, faster than toLocaleString. */
function withThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A per-second rate: 0.25 → "0.25", 1234.5 → "1,235". */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  if (rate < 10) return rate.toFixed(rate === 0 ? 0 : 2);
  return withThousands(Math.round(rate));
}

export function formatCount(count: number | null): string {
  return count === null ? '—' : withThousands(count);
}
