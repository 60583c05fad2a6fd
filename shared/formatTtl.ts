/** How the CLI and the renderer write a key's time to live and its expiry. */

const pad = (n: number) => String(n).padStart(2, '0');

/** 9_500 → "9.5 s", 252_000 → "4m 12s", 7_384_000 → "2h 03m 04s", 200_000_000 → "2d 7h 33m"; null → "no TTL". */
export function formatTtl(ms: number | null): string {
  if (ms === null) return 'no TTL';
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  const [d, h, m, s] = [Math.floor(seconds / 86_400), Math.floor(seconds / 3_600) % 24, Math.floor(seconds / 60) % 60, seconds % 60];
  if (d > 0) return `${d}d ${h}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  return m > 0 ? `${m}m ${pad(s)}s` : `${s} s`;
}

/** An instant in this machine's time zone, "2026-12-01 20:40:12", its offset after it ("UTC+01:00"). */
export function formatLocalTime(epochMs: number): string {
  const at = new Date(epochMs);
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())} ${zone}`;
}

/** The same instant in UTC, "2026-12-01T19:40:12Z" (whole seconds: TTLs are read to the millisecond, shown to the second). */
export function formatUtcTime(epochMs: number): string {
  return new Date(Math.round(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
