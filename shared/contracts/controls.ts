import { z } from 'zod';
import { KeyNameSchema, maxPatternLength } from './keys';
import { JobSnapshotSchema } from './jobs';

/**
 * Controls that change the cache (DESIGN.md §2): invalidating keys by pattern or by name,
 * flushing a namespace or the database. Each is previewed first, confirmed by typing when it
 * is big, refused on read-only profiles, run as a job with an exact result, and audited.
 */

const count = z.number().int().nonnegative();

const KeyHexSchema = z
  .string()
  .max(maxPatternLength * 2)
  .transform((hex) => hex.replace(/\s+/g, '').toLowerCase())
  .pipe(z.string().regex(/^(?:[0-9a-f]{2})+$/, 'a key name in hex, two digits per byte'));

/** The most exact keys one request may name (a pasted list); more is a pattern's job. */
export const maxInvalidateKeys = 100_000;

export const InvalidateTargetSchema = z.discriminatedUnion('by', [
  /** A Redis glob (SCAN MATCH semantics: `*`, `?`, `[…]`, `\` escapes), as UTF-8 text or as hex bytes. */
  z.object({ by: z.literal('pattern'), pattern: z.string().min(1).max(maxPatternLength), hex: z.boolean().default(false) }).strict(),
  /** Exact key names, each as its bytes in hex. */
  z.object({ by: z.literal('keys'), keys: z.array(KeyHexSchema).min(1).max(maxInvalidateKeys) }).strict(),
]);
export type InvalidateTarget = z.input<typeof InvalidateTargetSchema>;
export type ParsedInvalidateTarget = z.output<typeof InvalidateTargetSchema>;

export const NamespaceImpactSchema = z.object({
  /** The bytes before the profile's delimiter (display form); `(none)` for keys without one. */
  namespace: z.string(),
  matched: count,
  /** Reads per second of the namespace while the preview ran (hits + misses of `cachestats:<ns>`); null without counters. */
  readsPerSec: z.number().nonnegative().nullable(),
  hitRate: z.number().min(0).max(1).nullable(),
  /** Reads per second that hit now and would go to Postgres until refilled (readsPerSec × hitRate): an upper bound. */
  extraReadsPerSec: z.number().nonnegative().nullable(),
});
export type NamespaceImpact = z.infer<typeof NamespaceImpactSchema>;

export const PendingWritesSchema = z.object({
  /** Records of the queue topic not yet committed by the flusher group. */
  pendingRecords: count,
  /** Of those, the records read (at most `limit`). */
  scannedRecords: count,
  /** Records read whose key the invalidation matches, and how many distinct keys they are. */
  matchingRecords: count,
  matchingKeys: count,
  /** Not every pending record was read: the counts are a lower bound. */
  bounded: z.boolean(),
  /** Why the queue could not be read (Kafka down, no such topic); the counts are then 0. */
  error: z.string().nullable(),
});
export type PendingWrites = z.infer<typeof PendingWritesSchema>;

export const ConfirmationSchema = z.object({
  required: z.boolean(),
  /** What to type: the pattern, or the profile's name on a production profile (and for flushes). */
  text: z.string(),
  reason: z.string(),
});
export type Confirmation = z.infer<typeof ConfirmationSchema>;

/** The result of a preview job: nothing was deleted. */
export const InvalidatePreviewSchema = z.object({
  /** Keys SCAN MATCH returned (a key SCAN returns twice counts twice), or named keys that exist. */
  matched: count,
  /** MEMORY USAGE summed over the matched keys, bytes. */
  memory: count,
  sample: z.array(KeyNameSchema),
  namespaces: z.array(NamespaceImpactSchema),
  /** Postgres reads to expect: each matched key that is read again is loaded once. */
  extraReads: count,
  pendingWrites: PendingWritesSchema,
  confirmation: ConfirmationSchema,
  durationMs: count,
});
export type InvalidatePreview = z.infer<typeof InvalidatePreviewSchema>;

/** The result of an invalidation job, or its error's details when it failed part way. */
export const InvalidateResultSchema = z.object({
  /** Keys SCAN returned for the pattern, or keys named. */
  matched: count,
  /** Keys UNLINK removed (the sum of its replies). */
  deleted: count,
  /** Matched keys UNLINK did not find: expired, deleted meanwhile, or returned twice by SCAN. */
  alreadyGone: count,
  /** Keys in UNLINK calls sent but never answered (the server failed): deleted or not, unknown. */
  unconfirmed: count,
  batches: count,
  /** Messages published on the profile's broadcast channel. */
  broadcast: count,
  durationMs: count,
  reportFile: z.string().nullable(),
});
export type InvalidateResult = z.infer<typeof InvalidateResultSchema>;

export const FlushDbResultSchema = z.object({
  masters: count,
  /** DBSIZE summed over the masters just before FLUSHDB ASYNC. */
  keysBefore: count,
  durationMs: count,
});
export type FlushDbResult = z.infer<typeof FlushDbResultSchema>;

export const PreviewInputSchema = z
  .object({
    target: InvalidateTargetSchema,
    sampleSize: z.number().int().min(0).max(200).default(20),
    /** Pending queue records read at most to find writes for the matched keys. */
    pendingLimit: z.number().int().min(0).max(100_000).default(10_000),
  })
  .strict();

export const InvalidateInputSchema = z
  .object({
    target: InvalidateTargetSchema,
    /** The typed confirmation (see the preview's `confirmation`); needed above the profile's confirmAbove. */
    confirm: z.string().optional(),
    /** Stream every key deleted (or found gone) to this file as it goes: `1|0 <tab> hex <tab> name` lines. */
    reportFile: z.string().min(1).optional(),
    /** The preview's matched count: the progress total for a rate and an ETA (the result counts what was really there). */
    expected: count.optional(),
    /** Keys per UNLINK call: small enough that no call holds the server for more than a couple of milliseconds. */
    batchSize: z.number().int().min(1).max(1_000).default(250),
  })
  .strict();
export type InvalidateInput = z.input<typeof InvalidateInputSchema>;

export const FlushCacheInputSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('namespace'), namespace: z.string().min(1).max(1_000), confirm: z.string().optional(), reportFile: z.string().min(1).optional() }).strict(),
  z.object({ scope: z.literal('db'), confirm: z.string().optional() }).strict(),
]);
export type FlushCacheInput = z.input<typeof FlushCacheInputSchema>;

export const controlsMethods = {
  /** A dry run as a job: progress counts matches as SCAN goes; the result is an InvalidatePreview. Deletes nothing. */
  'controls.previewInvalidate': { input: PreviewInputSchema, output: JobSnapshotSchema },
  /** Deletes the keys as a job (SCAN + batched UNLINK); the result is an InvalidateResult. */
  'controls.invalidate': { input: InvalidateInputSchema, output: JobSnapshotSchema },
  /** A namespace (an InvalidateResult) or the whole database on every master (a FlushDbResult), as a job. */
  'controls.flushCache': { input: FlushCacheInputSchema, output: JobSnapshotSchema },
} as const;
