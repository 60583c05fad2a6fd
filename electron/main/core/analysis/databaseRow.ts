/** Characters of one column shown at most: a row is shown beside a value, not dumped. */
const maxCellChars = 4_096;

function cell(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return value.length > maxCellChars ? `${value.slice(0, maxCellChars)}…` : value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.subarray(0, maxCellChars / 2).toString('hex')}${value.length > maxCellChars / 2 ? '…' : ''}`;
  if (depth > 8) return '…';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => cell(v, depth + 1));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).slice(0, 100).map(([k, v]) => [k, cell(v, depth + 1)]));
  return String(value);
}

/**
 * A row as node-postgres returns it, as JSON values: timestamps ISO 8601 (as the demo caches
 * them), bytea `\x…` hex, long text cut. Nothing in it can fail to serialise.
 */
export function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  return cell(row, 0) as Record<string, unknown>;
}
