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

/**
 * An axis tick: the shortest exact form of the value, so that ticks 0.005 apart never read
 * alike ("0.03, 0.03"); thousands grouped from 1,000.
 */
export function formatAxisNumber(value: number): string {
  if (Math.abs(value) >= 1000) return withThousands(Math.round(value));
  return String(Number(value.toPrecision(6)));
}

/** A byte-axis tick, without padding zeros: 262144 → "256 KB", 1572864 → "1.5 MB". */
export function formatAxisBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(2))} ${byteUnits[unit]}`;
}

/**
 * The step between byte-axis ticks for values up to `max`: 1, 2 or 5 × 10ⁿ of the unit
 * the values are read in (KB, MB…), about `ticks` of them; ECharts' own steps are decimal,
 * which reads as "293.0 KB, 585.9 KB". Null when there is nothing to scale.
 */
export function byteAxisStep(max: number, ticks = 4): number | null {
  if (!(max > 0)) return null;
  let unitBytes = 1;
  while (max >= unitBytes * 1024 && unitBytes < 1024 ** (byteUnits.length - 1)) unitBytes *= 1024;
  const raw = max / unitBytes / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const distance = (n: number) => Math.abs(Math.log(n * magnitude) - Math.log(raw));
  const nice = [1, 2, 5, 10].reduce((best, n) => (distance(n) < distance(best) ? n : best)) * magnitude;
  // Below a byte there is nothing to tell apart.
  return Math.max(1, nice * unitBytes);
}

/**
 * A share that never reads as all or nothing when it is not: 2,449 of 2,451 is "99.9 %", not
 * "100 %"; 1 of 1,000,000 reads "1 of 1,000,000". `whole` 0 → "—".
 */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '—';
  if (part >= whole) return '100 %';
  if (part <= 0) return '0 %';
  const percent = (part / whole) * 100;
  const whole0 = percent.toFixed(0);
  if (whole0 !== '100' && whole0 !== '0') return `${whole0} %`;
  const one = percent.toFixed(1);
  if (one !== '100.0' && one !== '0.0') return `${one} %`;
  return whole0 === '100' ? `all but ${withThousands(whole - part)}` : `${withThousands(part)} of ${withThousands(whole)}`;
}
