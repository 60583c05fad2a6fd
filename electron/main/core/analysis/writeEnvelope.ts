/** The identity of a write-behind envelope (docs/write-behind-conventions.md §1). */
export interface EnvelopeSummary {
  op: string;
  entity: string;
  id: string;
  version: number | null;
}

/** Values larger than this are not parsed for an envelope: a write-behind change is small, and JSON.parse of megabytes blocks. */
const maxEnvelopeBytes = 1024 * 1024;

/** The envelope fields of a record value, or null when it is not one (not JSON, not an object, fields missing). Never throws. */
export function envelopeOf(value: Uint8Array | null): EnvelopeSummary | null {
  if (value === null || value.length > maxEnvelopeBytes) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(value));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { op, entity, id, version } = parsed as Record<string, unknown>;
  if (typeof op !== 'string' || typeof entity !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) return null;
  return { op, entity, id: String(id), version: typeof version === 'number' && Number.isFinite(version) ? version : null };
}
