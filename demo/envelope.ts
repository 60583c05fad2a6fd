import { z } from 'zod';
import { cacheKey, findEntity, type EntityDefinition } from './entities';

/**
 * The queue record's value (docs/write-behind-conventions.md §1):
 * `{ op, entity, id, version, data, producedAt }`, keyed by the cache key.
 */
export const WriteEnvelopeSchema = z
  .object({
    op: z.enum(['upsert', 'delete']),
    entity: z.string().min(1),
    id: z.string().min(1),
    // Versions are compared in Postgres as bigint; JSON numbers stay exact up to 2^53.
    version: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    data: z.record(z.string(), z.unknown()).nullable().optional(),
    /** Epoch milliseconds at which the writer produced the change. */
    producedAt: z.number().int().nonnegative(),
  })
  .refine((envelope) => envelope.op === 'delete' || envelope.data != null, {
    message: 'an upsert needs data',
    path: ['data'],
  });

export type WriteEnvelope = z.infer<typeof WriteEnvelopeSchema>;

export function encodeEnvelope(envelope: WriteEnvelope): string {
  return JSON.stringify(envelope);
}

export type DecodedWrite =
  | { ok: true; envelope: WriteEnvelope; entity: EntityDefinition }
  | { ok: false; error: string };

/**
 * Parses a queue record. Every failure here is permanent: retrying cannot make bad JSON
 * valid or teach the flusher an entity it does not know.
 */
export function decodeWrite(key: string | null, value: Buffer | string | null): DecodedWrite {
  if (value == null) return { ok: false, error: 'record has no value' };
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `value is not JSON: ${(err as Error).message}` };
  }
  const parsed = WriteEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid envelope: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
  }
  const envelope = parsed.data;
  const entity = findEntity(envelope.entity);
  if (!entity) return { ok: false, error: `unknown entity "${envelope.entity}"` };
  // The key decides the partition, and so the order of a key's changes: a mismatch means
  // the producer is broken, and applying the record could reorder another key's history.
  const expectedKey = cacheKey(envelope.entity, envelope.id);
  if (key !== null && key !== expectedKey) {
    return { ok: false, error: `record key "${key}" does not match envelope key "${expectedKey}"` };
  }
  return { ok: true, envelope, entity };
}
