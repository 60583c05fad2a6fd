import type { CompareRule, FieldComparison } from '../../../../shared/contracts/investigate';

/**
 * Field-by-field comparison of a cached JSON object with a Postgres row read as text (every
 * column in Postgres' own text output, with its type OID), by the rules of docs/investigate.md:
 * the cache holds what the application serialised, so equality is by meaning, not by bytes —
 * `"2025-11-26T10:00:00.000Z"` equals timestamptz `2025-11-26 10:00:00+00`, `17` equals
 * bigint `17`, `{"b":1,"a":2}` equals jsonb `{"a": 2, "b": 1}`.
 */

export interface DatabaseColumn {
  name: string;
  /** pg_type OID of the column. */
  typeId: number;
  /** Postgres' text output; null for NULL. */
  text: string | null;
}

const oid = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
  text: 25,
  varchar: 1043,
  bpchar: 1042,
  name: 19,
  uuid: 2950,
} as const;

export function ruleForType(typeId: number): CompareRule {
  switch (typeId) {
    case oid.bool:
      return 'boolean';
    case oid.int2:
    case oid.int4:
    case oid.oid:
    case oid.float4:
    case oid.float8:
      return 'number';
    case oid.int8:
    case oid.numeric:
      return 'decimal';
    case oid.date:
    case oid.timestamp:
    case oid.timestamptz:
      return 'timestamp';
    case oid.json:
    case oid.jsonb:
      return 'json';
    case oid.bytea:
      return 'bytes';
    case oid.text:
    case oid.varchar:
    case oid.bpchar:
    case oid.name:
    case oid.uuid:
      return 'text';
    default:
      return 'other';
  }
}

/**
 * A number written in decimal (`17`, `-0.50`, `1e3`, `1.5E-2`) in one canonical form — no
 * exponent, no leading or trailing zeros, `0` for zero — so two texts of one value compare
 * equal exactly, however many digits. Null when it is not a finite decimal number.
 */
export function canonicalDecimal(text: string): string | null {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const negative = match[1] === '-';
  const whole = match[2]!;
  const fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? '0');
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 10_000) return null;
  const all = whole + fraction;
  const digits = all.replace(/^0+/, '');
  if (digits === '') return '0';
  // The decimal point sits `point` digits from the left of `digits`.
  const point = whole.length + exponent - (all.length - digits.length);
  let integer: string;
  let decimals: string;
  if (point <= 0) {
    integer = '0';
    decimals = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    integer = digits + '0'.repeat(point - digits.length);
    decimals = '';
  } else {
    integer = digits.slice(0, point);
    decimals = digits.slice(point);
  }
  decimals = decimals.replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${decimals ? `.${decimals}` : ''}`;
}

/** A cached value as a decimal, if it is one: a finite number, or a string of a decimal. */
function decimalOf(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? canonicalDecimal(String(value)) : null;
  if (typeof value === 'string') return canonicalDecimal(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}

/**
 * Postgres timestamp text (ISO DateStyle, `2025-11-26 10:00:00.123456+00`) or a cached ISO
 * 8601 string, as epoch microseconds. A timestamp without a zone is read as UTC.
 */
export function timestampMicros(text: string): bigint | null {
  const match = /^(\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?(?::?\d{2})?)?$/i.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms)) return null;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const parts = zone.slice(1).replaceAll(':', '');
    offsetMinutes = sign * (Number(parts.slice(0, 2)) * 60 + Number(parts.slice(2, 4) || '0'));
  }
  const micros = BigInt(frac.padEnd(6, '0').slice(0, 6) || '0');
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * 1000n + micros;
}

/** Postgres timestamp text as ISO 8601 (`2025-11-26T10:00:00.123456+00:00`), or the text itself when it is not one. */
function isoTimestamp(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(:?\d{2})?(:?\d{2})?$/.exec(text);
  if (!match) return text.replace(' ', 'T');
  const [, date, time, hours, minutes = ':00'] = match;
  return `${date}T${time}${hours}${minutes.startsWith(':') ? minutes : `:${minutes}`}`;
}

/** Deep equality of JSON values; object key order does not matter (jsonb reorders keys). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return aKeys.length === Object.keys(bRecord).length && aKeys.every((k) => Object.hasOwn(bRecord, k) && jsonEqual((a as Record<string, unknown>)[k], bRecord[k]));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The column's value as it travels in JSON: see FieldComparison.database. */
export function databaseJson(column: DatabaseColumn): unknown {
  if (column.text === null) return null;
  switch (ruleForType(column.typeId)) {
    case 'boolean':
      return column.text === 't';
    case 'number': {
      const n = Number(column.text);
      return Number.isFinite(n) ? n : column.text;
    }
    case 'timestamp':
      return column.typeId === oid.date ? column.text : isoTimestamp(column.text);
    case 'json': {
      const parsed = parseJson(column.text);
      return parsed.ok ? parsed.value : column.text;
    }
    default:
      return column.text;
  }
}

/** Buffer.toJSON's shape, which an application caching node-postgres' bytea Buffer stores. */
function bufferJsonHex(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, data } = value as { type?: unknown; data?: unknown };
  if (type !== 'Buffer' || !Array.isArray(data) || !data.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) return null;
  return `\\x${Buffer.from(data as number[]).toString('hex')}`;
}

/** Whether a cached value means the column's value, by the column type's rule. */
export function valuesEqual(cache: unknown, column: DatabaseColumn): boolean {
  if (column.text === null || cache === null) return column.text === null && cache === null;
  const text = column.text;
  switch (ruleForType(column.typeId)) {
    case 'boolean':
      return cache === (text === 't');
    case 'number':
    case 'decimal': {
      const a = decimalOf(cache);
      return a !== null && a === canonicalDecimal(text);
    }
    case 'timestamp': {
      if (typeof cache !== 'string') return false;
      if (column.typeId === oid.date) return cache === text || cache.startsWith(`${text}T00:00:00`);
      const a = timestampMicros(cache);
      const b = timestampMicros(text);
      if (a === null || b === null) return false;
      // JavaScript dates keep milliseconds: a cache filled through `Date` lost the microseconds.
      const cacheHasMicros = /\.\d{4,}/.test(cache);
      return cacheHasMicros ? a === b : a / 1000n === b / 1000n;
    }
    case 'json': {
      const row = parseJson(text);
      if (!row.ok) return false;
      if (jsonEqual(cache, row.value)) return true;
      if (typeof cache !== 'string') return false;
      const cached = parseJson(cache);
      return cached.ok && jsonEqual(cached.value, row.value);
    }
    case 'bytes':
      return (typeof cache === 'string' ? cache.toLowerCase() : bufferJsonHex(cache)) === text.toLowerCase();
    case 'text':
      return cache === text;
    default:
      return typeof cache === 'string' ? cache === text : JSON.stringify(cache) === text;
  }
}

/** Every field of either side, the row's columns in their order, then fields only the cache has. */
export function compareFields(cache: Record<string, unknown>, columns: readonly DatabaseColumn[]): FieldComparison[] {
  const fields: FieldComparison[] = columns.map((column) => {
    const rule = ruleForType(column.typeId);
    const database = databaseJson(column);
    if (!Object.hasOwn(cache, column.name)) return { field: column.name, cache: null, database, presence: 'database-only', equal: false, rule };
    const value = cache[column.name];
    return { field: column.name, cache: value ?? null, database, presence: 'both', equal: valuesEqual(value ?? null, column), rule };
  });
  const known = new Set(columns.map((c) => c.name));
  for (const [field, value] of Object.entries(cache)) {
    if (!known.has(field)) fields.push({ field, cache: value ?? null, database: null, presence: 'cache-only', equal: false, rule: 'other' });
  }
  return fields;
}

/** A version (an integer as a number or decimal text) as canonical decimal text; null otherwise. */
export function versionText(value: unknown): string | null {
  const decimal = value === null || value === undefined || typeof value === 'boolean' ? null : decimalOf(value);
  return decimal !== null && /^-?\d+$/.test(decimal) ? decimal : null;
}

/** -1, 0 or 1 as version `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
