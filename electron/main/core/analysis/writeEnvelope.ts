/** What conflict-aware replay reads from a queue record's value (docs/write-behind-conventions.md §1). */
export interface EnvelopeVersion {
  op: 'upsert' | 'delete';
  /** Decimal: compared with the row's version as a bigint. */
  version: bigint;
  data: Record<string, unknown> | null;
}

/**
 * The op, version and data of a write envelope, or null when the value is not one (not JSON,
 * another shape, a version that is not a non-negative integer). Values come from the wire:
 * this never throws.
 */
export function envelopeVersion(value: Buffer | null): EnvelopeVersion | null {
  if (value === null || value.length === 0 || value.length > 16 * 1024 * 1024) return null;
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const { op, version, data } = json as Record<string, unknown>;
  if (op !== 'upsert' && op !== 'delete') return null;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return null;
  const record = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  return { op, version: BigInt(version), data: record };
}
