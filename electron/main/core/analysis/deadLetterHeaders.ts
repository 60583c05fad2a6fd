import type { IHeaders } from 'kafkajs';
import type { DeadLetterConvention, DeadLetterErrorKind } from '../../../../shared/contracts/deadLetterFilter';

/**
 * What a dead letter's headers say about the failed write, whichever framework wrote them
 * (docs/write-behind-conventions.md §3): CacheScope's `x-…`, Spring Kafka's
 * `kafka_dlt-…` (partition and offset as big-endian binary) and Kafka Connect's
 * `__connect.errors.…` (decimal text). Headers come from the wire: any of them may be
 * missing, repeated, binary or garbage, and decoding never throws.
 */
export interface DeadLetterOrigin {
  convention: DeadLetterConvention;
  originalTopic: string | null;
  originalPartition: number | null;
  /** Decimal string: offsets are int64 and stay exact past 2^53. */
  originalOffset: string | null;
  error: string | null;
  errorKind: DeadLetterErrorKind;
  attempts: number | null;
  /** Epoch ms from `x-failed-at` (ISO 8601 or epoch ms) or Spring's original timestamp; null when absent or unreadable. */
  failedAt: number | null;
  /** `<dlq>/<partition>/<offset>` when the failed record was itself a replay. */
  replayOf: string | null;
}

export interface DecodedHeader {
  name: string;
  /** The value as text when it is valid UTF-8 without control characters, else null. */
  text: string | null;
  hex: string;
  /** What the value means when the name is a known header and its bytes are binary (Spring's ints). */
  decoded: string | null;
}

type HeaderValue = Buffer | string;

const names = {
  cachescope: { topic: 'x-original-topic', partition: 'x-original-partition', offset: 'x-original-offset', error: 'x-error' },
  spring: {
    topic: 'kafka_dlt-original-topic',
    partition: 'kafka_dlt-original-partition',
    offset: 'kafka_dlt-original-offset',
    error: 'kafka_dlt-exception-message',
  },
  connect: {
    topic: '__connect.errors.topic',
    partition: '__connect.errors.partition',
    offset: '__connect.errors.offset',
    error: '__connect.errors.exception.message',
  },
} as const;

const springTimestamp = 'kafka_dlt-original-timestamp';
const springExceptionClass = 'kafka_dlt-exception-fqcn';
const connectExceptionClass = '__connect.errors.exception.class.name';
const binaryIntegerHeaders = new Set<string>([names.spring.partition, names.spring.offset, springTimestamp]);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function asBuffer(value: HeaderValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** The last value of a header (Kafka allows repeats; the last one written wins, as in Spring's own reader). */
function lastValue(headers: IHeaders, name: string): Buffer | null {
  const value = headers[name];
  if (value === undefined || value === null) return null;
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined ? null : asBuffer(last);
}

function textOf(bytes: Buffer): string | null {
  try {
    const text = strictUtf8.decode(bytes);
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

/**
 * A non-negative integer written either as decimal text (CacheScope, Connect) or as a
 * big-endian binary int32/int64 (Spring). Text wins when every byte is a digit.
 */
export function decodeInteger(bytes: Buffer | null): bigint | null {
  if (bytes === null || bytes.length === 0) return null;
  const text = bytes.toString('latin1').trim();
  if (/^\d{1,19}$/.test(text)) return BigInt(text);
  if (bytes.length === 4) return BigInt(bytes.readInt32BE(0));
  if (bytes.length === 8) return bytes.readBigInt64BE(0);
  return null;
}

function smallInteger(bytes: Buffer | null): number | null {
  const value = decodeInteger(bytes);
  return value === null || value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
}

function timeOf(bytes: Buffer | null): number | null {
  if (bytes === null) return null;
  const integer = smallInteger(bytes);
  if (integer !== null) return integer;
  const text = textOf(bytes);
  if (text === null) return null;
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
}

function conventionOf(headers: IHeaders): DeadLetterConvention {
  for (const convention of ['cachescope', 'spring', 'connect'] as const) {
    const known = names[convention];
    if (lastValue(headers, known.topic) !== null || lastValue(headers, known.error) !== null) return convention;
  }
  return 'none';
}

function errorKindOf(headers: IHeaders): DeadLetterErrorKind {
  const kind = textOf(lastValue(headers, 'x-error-kind') ?? Buffer.alloc(0))?.trim().toLowerCase();
  return kind === 'transient' || kind === 'permanent' ? kind : 'unknown';
}

/** Spring and Connect name the exception class apart from its message; both read better together. */
function errorOf(headers: IHeaders, convention: DeadLetterConvention): string | null {
  if (convention === 'none') return null;
  const message = textOf(lastValue(headers, names[convention].error) ?? Buffer.alloc(0));
  const classHeader = convention === 'spring' ? springExceptionClass : convention === 'connect' ? connectExceptionClass : null;
  const className = classHeader === null ? null : textOf(lastValue(headers, classHeader) ?? Buffer.alloc(0));
  if (className && message) return `${className}: ${message}`;
  return message || className || null;
}

export function deadLetterOrigin(headers: IHeaders): DeadLetterOrigin {
  const convention = conventionOf(headers);
  const known = convention === 'none' ? names.cachescope : names[convention];
  const offset = decodeInteger(lastValue(headers, known.offset));
  const failedAt = timeOf(lastValue(headers, 'x-failed-at')) ?? (convention === 'spring' ? timeOf(lastValue(headers, springTimestamp)) : null);
  return {
    convention,
    originalTopic: textOf(lastValue(headers, known.topic) ?? Buffer.alloc(0)) || null,
    originalPartition: smallInteger(lastValue(headers, known.partition)),
    originalOffset: offset === null || offset < 0n ? null : offset.toString(),
    error: errorOf(headers, convention),
    errorKind: errorKindOf(headers),
    attempts: smallInteger(lastValue(headers, 'x-attempts')),
    failedAt,
    replayOf: textOf(lastValue(headers, 'x-replay-of') ?? Buffer.alloc(0)) || null,
  };
}

/** Every header as it came, in order (repeats kept), with text where it is text and Spring's binary integers read. */
export function decodeHeaders(headers: IHeaders): DecodedHeader[] {
  const decoded: DecodedHeader[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined || raw === null) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const bytes = asBuffer(value);
      const text = textOf(bytes);
      const integer = binaryIntegerHeaders.has(name) && text === null ? decodeInteger(bytes) : null;
      decoded.push({ name, text, hex: bytes.toString('hex'), decoded: integer === null ? null : integer.toString() });
    }
  }
  return decoded;
}
