import { z } from 'zod';
import { DeadLetterConventionSchema, DeadLetterErrorKindSchema, DeadLetterFilterSchema } from './deadLetterFilter';
import { KeyDetailSchema, KeyNameSchema, ValueTextSchema } from './keys';

/**
 * The dead-letter topic, read only (docs/write-behind-conventions.md §3, §5): a page of
 * records newest or oldest first, the records grouped by error, one record in detail with the
 * Postgres row and the cached value of its key. Every read is bounded: a result says how many
 * records it scanned and whether it stopped before the end.
 */

const count = z.number().int().nonnegative();
/** Kafka offsets are int64: decimal strings, exact past 2^53. */
const OffsetSchema = z.string().regex(/^\d{1,19}$/, 'an offset, as decimal digits');

export const DeadLetterOrderSchema = z.enum(['newest', 'oldest']);
export type DeadLetterOrder = z.infer<typeof DeadLetterOrderSchema>;

/** What a dead letter's headers say about the write that failed, whichever framework wrote them. */
export const DeadLetterOriginSchema = z.object({
  convention: DeadLetterConventionSchema,
  originalTopic: z.string().nullable(),
  originalPartition: count.nullable(),
  originalOffset: OffsetSchema.nullable(),
  error: z.string().nullable(),
  errorKind: DeadLetterErrorKindSchema,
  attempts: count.nullable(),
  /** Epoch ms from the headers; null when they do not say (the record's timestamp stands in). */
  failedAt: z.number().nullable(),
  /** `<dlq>/<partition>/<offset>` when the failed write was itself a replay. */
  replayOf: z.string().nullable(),
});
export type DeadLetterOriginData = z.infer<typeof DeadLetterOriginSchema>;

export const DeadLetterRowSchema = z.object({
  partition: count,
  offset: OffsetSchema,
  /** The DLQ record's timestamp, epoch ms. */
  timestamp: z.number(),
  /** Null for a record without a key. */
  key: KeyNameSchema.nullable(),
  origin: DeadLetterOriginSchema,
  /** Not replayed (or parked) yet. */
  pending: z.boolean(),
  /** The start of the value; null for a tombstone (no value). */
  preview: ValueTextSchema.nullable(),
});
export type DeadLetterRow = z.infer<typeof DeadLetterRowSchema>;

/** How far a read got: records looked at, and whether it stopped (budget, time) before the end of what it covers. */
const ScanSchema = {
  scannedRecords: count,
  bounded: z.boolean(),
};

export const DeadLetterPageSchema = z.object({
  topic: z.string(),
  replayGroup: z.string(),
  order: DeadLetterOrderSchema,
  pendingOnly: z.boolean(),
  rows: z.array(DeadLetterRowSchema),
  /** Pass it back for the next page (same order and scope); null at the end. */
  next: z.string().nullable(),
  /** Records in the scope (pending, or all the topic holds), whether they match or not. */
  totalRecords: count,
  ...ScanSchema,
});
export type DeadLetterPage = z.infer<typeof DeadLetterPageSchema>;

export const DeadLetterGroupSchema = z.object({
  /** The error message with numbers, quoted values, UUIDs and hex replaced by placeholders. */
  pattern: z.string(),
  errorKind: DeadLetterErrorKindSchema,
  count: count,
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** The group's most recent record. */
  example: z.object({ partition: count, offset: OffsetSchema, error: z.string().nullable() }),
});
export type DeadLetterGroup = z.infer<typeof DeadLetterGroupSchema>;

export const DeadLetterGroupsSchema = z.object({
  topic: z.string(),
  pendingOnly: z.boolean(),
  groups: z.array(DeadLetterGroupSchema),
  /** Matching records of patterns beyond the groups kept. */
  ungrouped: count,
  totalRecords: count,
  /** The newest records are scanned first; `bounded` says older ones were left out. */
  ...ScanSchema,
});
export type DeadLetterGroups = z.infer<typeof DeadLetterGroupsSchema>;

export const DecodedHeaderSchema = z.object({
  name: z.string(),
  /** The value as text when it is printable UTF-8, else null. */
  text: z.string().nullable(),
  hex: z.string(),
  /** What a binary value of a known header means (Spring's big-endian partition and offset). */
  decoded: z.string().nullable(),
});

/** The write-behind envelope's identity (docs/write-behind-conventions.md §1) when the value is one. */
export const WriteEnvelopeSummarySchema = z.object({
  op: z.string(),
  entity: z.string(),
  id: z.string(),
  version: z.number().nullable(),
});

export const DeadLetterDetailSchema = DeadLetterRowSchema.omit({ preview: true }).extend({
  topic: z.string(),
  headers: z.array(DecodedHeaderSchema),
  /** The value shown within a bound (pretty JSON, text or hex); null for a tombstone. */
  value: ValueTextSchema.nullable(),
  envelope: WriteEnvelopeSummarySchema.nullable(),
  /** The key's namespace mapping and what Postgres and Redis hold for it now; null when no mapping covers the key. */
  current: z
    .object({
      keyPattern: z.string(),
      table: z.string(),
      keyColumn: z.string(),
      versionColumn: z.string(),
      id: z.string(),
      /** The row's columns as JSON values; null when there is no such row or it could not be read (see `rowNote`). */
      row: z.record(z.string(), z.unknown()).nullable(),
      rowNote: z.string().nullable(),
      /** The cached value of the key; null when it is not cached or could not be read (see `cachedNote`). */
      cached: KeyDetailSchema.nullable(),
      cachedNote: z.string().nullable(),
    })
    .nullable(),
});
export type DeadLetterDetail = z.infer<typeof DeadLetterDetailSchema>;

export const deadLettersMethods = {
  /** A page of the DLQ's records matching the filter, newest or oldest first; pending only by default. */
  'deadLetters.list': {
    input: z
      .object({
        filter: DeadLetterFilterSchema.default({}),
        order: DeadLetterOrderSchema.default('newest'),
        /** Only the records past the replay cursor; false lists everything the topic holds. */
        pendingOnly: z.boolean().default(true),
        limit: z.number().int().min(1).max(500).default(50),
        /** `next` of the previous page. */
        pageToken: z.string().min(1).max(200_000).optional(),
        /** Records read at most for this page, matching or not. */
        scanLimit: z.number().int().min(1).max(1_000_000).default(20_000),
      })
      .strict(),
    output: DeadLetterPageSchema,
  },
  /** The matching records grouped by normalised error message, from a scan of the newest `scanLimit` records. */
  'deadLetters.groups': {
    input: z
      .object({
        filter: DeadLetterFilterSchema.default({}),
        pendingOnly: z.boolean().default(true),
        scanLimit: z.number().int().min(1).max(1_000_000).default(20_000),
      })
      .strict(),
    output: DeadLetterGroupsSchema,
  },
  /** One record by partition and offset, every header decoded, with the key's Postgres row and cached value. NOT_FOUND when it is gone. */
  'deadLetters.get': {
    input: z.object({ partition: count, offset: OffsetSchema }).strict(),
    output: DeadLetterDetailSchema,
  },
} as const;
