import { z } from 'zod';

/**
 * Records on the control topic (docs/write-behind-conventions.md §4): CacheScope publishes a flush command, every
 * flusher flushes its in-memory batch and answers with an ack carrying the same requestId.
 * `at` is epoch milliseconds.
 */
export const FlushCommandMessageSchema = z.object({
  type: z.literal('flush'),
  requestId: z.string().min(1),
  requestedBy: z.string(),
  at: z.number(),
});
export type FlushCommandMessage = z.infer<typeof FlushCommandMessageSchema>;

export const FlushAckMessageSchema = z.object({
  type: z.literal('flush-ack'),
  requestId: z.string().min(1),
  worker: z.string(),
  flushed: z.number().int().nonnegative(),
  at: z.number(),
});
export type FlushAckMessage = z.infer<typeof FlushAckMessageSchema>;

/** The ack in a control record, or undefined for commands, other types and garbage. */
export function parseFlushAck(value: Uint8Array | string | null): FlushAckMessage | undefined {
  if (value == null) return undefined;
  try {
    const text = typeof value === 'string' ? value : new TextDecoder().decode(value);
    const parsed = FlushAckMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A queue record's envelope as read from the wire (docs/write-behind-conventions.md §1): each
 * part null when missing or malformed. The one parser behind the DLQ detail, conflict-aware
 * replay and a key's pending writes.
 */
export interface WriteEnvelope {
  op: string | null;
  entity: string | null;
  id: string | null;
  /** A safe integer, else null. */
  version: number | null;
  producedAt: number | null;
  data: Record<string, unknown> | null;
}

/** Values larger than this are not parsed: a change is small, and JSON.parse of megabytes blocks. */
const maxEnvelopeBytes = 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The envelope of a record value; null when it is not a JSON object (or is too big to be one). Never throws. */
export function readWriteEnvelope(value: Uint8Array | string | null): WriteEnvelope | null {
  if (value == null || value.length > maxEnvelopeBytes) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : new TextDecoder().decode(value));
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  const { op, entity, id, version, producedAt, data } = parsed;
  return {
    op: typeof op === 'string' ? op.slice(0, 40) : null,
    entity: typeof entity === 'string' ? entity : null,
    id: typeof id === 'string' ? id : typeof id === 'number' && Number.isFinite(id) ? String(id) : null,
    version: typeof version === 'number' && Number.isSafeInteger(version) ? version : null,
    producedAt: typeof producedAt === 'number' && Number.isFinite(producedAt) ? producedAt : null,
    data: isObject(data) ? data : null,
  };
}

/** Which row a change is for and at which version: op, entity and id present, else null. */
export function envelopeIdentity(value: Uint8Array | null): { op: string; entity: string; id: string; version: number | null } | null {
  const envelope = readWriteEnvelope(value);
  if (!envelope || envelope.op === null || envelope.entity === null || envelope.id === null) return null;
  return { op: envelope.op, entity: envelope.entity, id: envelope.id, version: envelope.version };
}

/** What conflict-aware replay needs: an upsert or delete with a non-negative version (as a bigint, compared with the row's). */
export function envelopeVersion(value: Uint8Array | null): { op: 'upsert' | 'delete'; version: bigint; data: Record<string, unknown> | null } | null {
  const envelope = readWriteEnvelope(value);
  if (!envelope || (envelope.op !== 'upsert' && envelope.op !== 'delete') || envelope.version === null || envelope.version < 0) return null;
  return { op: envelope.op, version: BigInt(envelope.version), data: envelope.data };
}
