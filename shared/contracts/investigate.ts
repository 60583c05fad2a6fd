import { z } from 'zod';
import { KeyHexSchema, KeyNameSchema, ValueTextSchema } from './keys';
import { JobSnapshotSchema } from './jobs';

/**
 * Investigate: is this cached value stale, and why? `keys.compare` puts a key's cached value
 * beside its Postgres row (through the profile's namespace mapping, docs/write-behind-conventions.md
 * §7), with a verdict, the key's writes still queued for the flusher and its dead letters.
 * `keys.compareSample` does it for a random sample of a namespace's keys, as a job. The verdict
 * rules are in docs/investigate.md.
 */

const count = z.number().int().nonnegative();

export const compareVerdicts = ['fresh', 'stale', 'ahead', 'missing-in-db', 'missing-in-cache', 'negative-cached', 'unmapped'] as const;
export const CompareVerdictSchema = z.enum(compareVerdicts);
export type CompareVerdict = z.infer<typeof CompareVerdictSchema>;

/** A JSON value as it travels (the cached JSON, or a column turned into JSON). */
export const JsonValueSchema: z.ZodType<unknown> = z.unknown();

/** How the two sides of a field were compared (docs/investigate.md, "Comparing values"). */
export const CompareRuleSchema = z.enum(['text', 'number', 'decimal', 'boolean', 'timestamp', 'json', 'bytes', 'other']);
export type CompareRule = z.infer<typeof CompareRuleSchema>;

export const FieldComparisonSchema = z.object({
  field: z.string(),
  /** The cached field's value; null also when absent (see `presence`). */
  cache: JsonValueSchema,
  /** The column's value as JSON (timestamps ISO 8601, bigint and numeric as decimal text, bytea as \x hex). */
  database: JsonValueSchema,
  presence: z.enum(['both', 'cache-only', 'database-only']),
  equal: z.boolean(),
  rule: CompareRuleSchema,
});
export type FieldComparison = z.infer<typeof FieldComparisonSchema>;

export const CacheSideSchema = z.object({
  /**
   * `value`: a JSON object; `absent`: no such key; `sentinel`: the profile's missing-row
   * sentinel; `not-json`: a string that is not a JSON object; `too-big`: longer than the read
   * bound; `wrong-type`: not a string (a hash, a list…).
   */
  state: z.enum(['value', 'absent', 'sentinel', 'not-json', 'too-big', 'wrong-type']),
  type: z.string().nullable(),
  bytes: count.nullable(),
  ttlMs: count.nullable(),
  /** The version field's value, as decimal text; null when absent or not an integer. */
  version: z.string().nullable(),
  /** The parsed object (state `value`). */
  value: z.record(z.string(), JsonValueSchema).nullable(),
  /** The bytes as shown (any state with a string value), bounded. */
  text: ValueTextSchema.nullable(),
  node: z.string().nullable(),
});
export type CacheSide = z.infer<typeof CacheSideSchema>;

export const DatabaseSideSchema = z.object({
  /** The table as queried, e.g. `public.products`. */
  table: z.string(),
  keyColumn: z.string(),
  id: z.string(),
  /** The row, columns as JSON (see FieldComparison.database); null when there is none. */
  row: z.record(z.string(), JsonValueSchema).nullable(),
  version: z.string().nullable(),
});
export type DatabaseSide = z.infer<typeof DatabaseSideSchema>;

export const PendingWriteSchema = z.object({
  partition: count,
  offset: z.string(),
  /** The envelope's version; null when the record has none (or is not an envelope). */
  version: z.number().int().nullable(),
  /** `upsert`, `delete`, another op as written, or null when the value is not an envelope. */
  op: z.string().nullable(),
  /** Now minus the envelope's producedAt (the record timestamp without one). */
  ageMs: z.number().int().nullable(),
});
export type PendingWrite = z.infer<typeof PendingWriteSchema>;

export const PendingWritesSchema = z.object({
  topic: z.string(),
  /** The key's partition (murmur2 of its bytes, as the Java client and kafkajs compute it); null when unknown. */
  partition: count.nullable(),
  /** Why the partition is unknown, or a caveat about it; null when there is nothing to say. */
  partitionNote: z.string().nullable(),
  /** The flusher group's committed offset on that partition and the partition's end when read. */
  committedOffset: z.string().nullable(),
  endOffset: z.string().nullable(),
  /** The key's records in that range, oldest first (at most `listedLimit`; `matching` counts all). */
  records: z.array(PendingWriteSchema),
  matching: count,
  /** Records read to find them. */
  scanned: count,
  /** Every record of the range was read. */
  complete: z.boolean(),
  /** Why Kafka could not tell, or null. */
  error: z.string().nullable(),
});
export type PendingWrites = z.infer<typeof PendingWritesSchema>;

export const DeadLettersSchema = z.object({
  topic: z.string(),
  /** DLQ records with this key past the replay group's committed offset. */
  count,
  scanned: count,
  complete: z.boolean(),
  error: z.string().nullable(),
  /** The renderer route that lists them, ready to replay. */
  route: z.string(),
});
export type DeadLetters = z.infer<typeof DeadLettersSchema>;

/** For the `ahead` verdict: is the unpersisted write still within the persistence SLA? */
export const AheadStatusSchema = z.object({
  sla: z.enum(['within', 'breached', 'no-pending-write', 'unknown']),
  slaMs: count,
  /** Age of the oldest pending write of the key; null when none was found. */
  oldestPendingAgeMs: z.number().int().nullable(),
});
export type AheadStatus = z.infer<typeof AheadStatusSchema>;

export const MappingSchema = z.object({
  keyPattern: z.string(),
  table: z.string(),
  keyColumn: z.string(),
  versionColumn: z.string(),
  schema: z.string().nullable(),
});

export const KeyComparisonSchema = z.object({
  key: KeyNameSchema,
  verdict: CompareVerdictSchema,
  /** One line: "Stale: the cache holds version 3, the row version 5". */
  headline: z.string(),
  /** What it means and what to do. */
  explanation: z.string(),
  /** Something is wrong (stale, an ahead write past the SLA, a missing row, a sentinel hiding a row…). */
  problem: z.boolean(),
  mapping: MappingSchema.nullable(),
  /** For `unmapped`: the mapping to add to the profile. */
  suggestedMapping: MappingSchema.nullable(),
  cache: CacheSideSchema,
  /** Null when unmapped. */
  database: DatabaseSideSchema.nullable(),
  /** Every field of either side. */
  fields: z.array(FieldComparisonSchema),
  ahead: AheadStatusSchema.nullable(),
  pendingWrites: PendingWritesSchema.nullable(),
  deadLetters: DeadLettersSchema.nullable(),
  comparedAt: z.number(),
});
export type KeyComparison = z.infer<typeof KeyComparisonSchema>;

export const CompareSampleInputSchema = z
  .object({
    /** A namespace of the profile's mappings: its key pattern (`product:{id}`) or the text before `{id}` without the delimiter (`product`). */
    namespace: z.string().min(1).max(1024),
    /** Keys compared at most. */
    sample: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

export const maxExamplesPerVerdict = 5;

export const CompareSampleResultSchema = z.object({
  namespace: z.string(),
  keyPattern: z.string(),
  requested: count,
  /** Keys compared. */
  compared: count,
  /** SCAN calls it took to find them. */
  scanCalls: count,
  counts: z.record(CompareVerdictSchema, count),
  /** Up to five keys per verdict, to open in Investigate. */
  examples: z.record(CompareVerdictSchema, z.array(KeyNameSchema)),
  /** The pending writes of every sampled key were read (the queue's pending records within the bound). */
  pendingComplete: z.boolean(),
  /** Every wanted key was compared; false when cancelled or when the namespace holds fewer keys. */
  complete: z.boolean(),
  cancelled: z.boolean(),
});
export type CompareSampleResult = z.infer<typeof CompareSampleResultSchema>;

export const compareSampleJobKind = 'keys.compareSample';

export const investigateMethods = {
  /** The key's cached value beside its Postgres row, with a verdict, its pending writes and dead letters. */
  'keys.compare': {
    input: z.object({ hex: KeyHexSchema }).strict(),
    output: KeyComparisonSchema,
  },
  /** Compares a random SCAN sample of a namespace's keys; a job whose result is CompareSampleResult. */
  'keys.compareSample': { input: CompareSampleInputSchema, output: JobSnapshotSchema },
  /** The namespaces `keys.compareSample` accepts: the profile's mappings. */
  'keys.compareNamespaces': {
    input: z.object({}).strict().default({}),
    output: z.object({ namespaces: z.array(z.object({ namespace: z.string(), keyPattern: z.string(), table: z.string() })) }),
  },
} as const;
