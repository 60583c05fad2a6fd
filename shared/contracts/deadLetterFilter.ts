import { z } from 'zod';
import { maxPatternLength } from './keys';

/**
 * Which dead letters a browse, a replay or a park covers. Every field narrows; an empty
 * filter is every record. The DLQ browser and the replay job read the same schema, so
 * "replay what the browser shows" replays exactly those records.
 */

export const DeadLetterErrorKindSchema = z.enum(['transient', 'permanent', 'unknown']);
export type DeadLetterErrorKind = z.infer<typeof DeadLetterErrorKindSchema>;

/** Where a dead letter's headers came from (docs/write-behind-conventions.md §3). */
export const DeadLetterConventionSchema = z.enum(['cachescope', 'spring', 'connect', 'none']);
export type DeadLetterConvention = z.infer<typeof DeadLetterConventionSchema>;

const epochMs = z.number().int().nonnegative();

export const DeadLetterFilterSchema = z
  .object({
    /** Case-insensitive text the error message contains. */
    errorText: z.string().min(1).max(1_000).optional(),
    errorKind: DeadLetterErrorKindSchema.optional(),
    /** The record key exactly, as its bytes in lowercase hex (shared/keyName.ts). */
    keyHex: z
      .string()
      .max(maxPatternLength * 2)
      .regex(/^(?:[0-9a-f]{2})*$/, 'a key name in lowercase hex, two digits per byte')
      .optional(),
    /** A Redis glob over the record key (SCAN MATCH semantics), as UTF-8 text. */
    keyPattern: z.string().min(1).max(maxPatternLength).optional(),
    /** When the write failed (`x-failed-at`, else the DLQ record's timestamp), epoch ms, inclusive. */
    since: epochMs.optional(),
    /** Exclusive. */
    until: epochMs.optional(),
    originalTopic: z.string().min(1).max(249).optional(),
    originalPartition: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((filter) => filter.since === undefined || filter.until === undefined || filter.since < filter.until, {
    message: 'since must be before until',
    path: ['until'],
  });
export type DeadLetterFilter = z.output<typeof DeadLetterFilterSchema>;
export type DeadLetterFilterInput = z.input<typeof DeadLetterFilterSchema>;
