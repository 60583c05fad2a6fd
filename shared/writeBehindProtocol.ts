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

/** What a reader needs of a queue record's envelope (docs/write-behind-conventions.md §1); each part null when missing or malformed. */
export interface EnvelopeSummary {
  op: string | null;
  version: number | null;
  producedAt: number | null;
}

/** The op, version and producedAt of a queue record's value; null when it is not a JSON object. Never throws. */
export function summarizeEnvelope(value: Uint8Array | string | null): EnvelopeSummary | null {
  if (value == null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : new TextDecoder().decode(value));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { op, version, producedAt } = parsed as Record<string, unknown>;
  return {
    op: typeof op === 'string' ? op.slice(0, 40) : null,
    version: typeof version === 'number' && Number.isSafeInteger(version) ? version : null,
    producedAt: typeof producedAt === 'number' && Number.isFinite(producedAt) ? producedAt : null,
  };
}
