import { z } from 'zod';
import { ConfirmationSchema } from './controls';
import { DeadLetterFilterSchema } from './deadLetterFilter';
import { JobSnapshotSchema } from './jobs';
import { KeyNameSchema } from './keys';

/**
 * Replaying and parking dead letters (docs/controls.md, "Replay and park"). Both read the
 * profile's DLQ from the replay cursor (the `writeBehind.replayGroup` consumer group) and move
 * it only past records that were handled: produced and acknowledged, deliberately skipped, or
 * parked. Each is dry-run first, confirmed, refused on read-only profiles, run as a job and audited.
 */

const count = z.number().int().nonnegative();
const offset = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Offsets `from`..`to` of one DLQ partition, both included. */
export const OffsetRangeSchema = z
  .object({ partition: z.number().int().nonnegative().max(1_000_000), from: offset, to: offset })
  .strict()
  .refine((range) => range.from <= range.to, { message: 'from must not be after to', path: ['to'] });
export type OffsetRange = z.infer<typeof OffsetRangeSchema>;

/** The most ranges one request names (records selected one by one in the browser are one range each). */
export const maxTargetRanges = 10_000;

/**
 * Which dead letters: everything pending (past the cursor), a filter's matches among the
 * pending, or named offsets (the browser's selection, `--offsets P:O-O`), optionally narrowed by a filter.
 */
export const ReplayTargetSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('pending') }).strict(),
  z.object({ by: z.literal('filter'), filter: DeadLetterFilterSchema }).strict(),
  z.object({ by: z.literal('offsets'), ranges: z.array(OffsetRangeSchema).min(1).max(maxTargetRanges), filter: DeadLetterFilterSchema.optional() }).strict(),
]);
export type ReplayTarget = z.input<typeof ReplayTargetSchema>;
export type ParsedReplayTarget = z.output<typeof ReplayTargetSchema>;

/** A record a replay skips because Postgres already holds its version or a newer one. */
export const SupersededRecordSchema = z.object({
  partition: count,
  offset: count,
  key: KeyNameSchema,
  table: z.string(),
  /** The envelope's version and the row's (decimal strings: bigint columns stay exact). */
  version: z.string(),
  rowVersion: z.string(),
});
export type SupersededRecord = z.infer<typeof SupersededRecordSchema>;

/** A record whose data breaks a CHECK constraint of its table as it is now (the dry run's optional check). */
export const ConstraintViolationSchema = z.object({
  partition: count,
  offset: count,
  key: KeyNameSchema,
  table: z.string(),
  constraint: z.string(),
});
export type ConstraintViolation = z.infer<typeof ConstraintViolationSchema>;

export const ConstraintCheckSchema = z.object({
  /** Records whose envelope was evaluated against their table's CHECK constraints. */
  checked: count,
  violating: count,
  /** The first violations (bounded by `listLimit`). */
  violations: z.array(ConstraintViolationSchema),
  /** Why some could not be checked (no mapping, not an upsert envelope), counted. */
  unchecked: count,
});
export type ConstraintCheck = z.infer<typeof ConstraintCheckSchema>;

/** Per partition: the cursor before, and the DLQ's end when the job started. */
export const CursorSpanSchema = z.object({ partition: count, cursor: count, end: count });
export type CursorSpan = z.infer<typeof CursorSpanSchema>;

/** The result of a dry run: nothing was produced, committed or recorded. */
export const ReplayPreviewSchema = z.object({
  /** Pending records (past the cursor, up to the end when the dry run started) that the target covers. */
  matched: count,
  /** Of those, the records a replay would produce now. */
  wouldReplay: count,
  /** Records whose version Postgres already holds (or a newer one): skipped, listed below. */
  superseded: count,
  supersededRecords: z.array(SupersededRecordSchema),
  /** More superseded records than listed. */
  supersededBounded: z.boolean(),
  /** Records an earlier replay or park of a selection already handled (the ledger says so): skipped. */
  alreadyHandled: count,
  /** Records a replay would produce, by destination topic. */
  byTopic: z.record(z.string(), count),
  /** Destination topics that do not exist: their records would fail (not counted in wouldReplay) and stay pending. */
  missingTopics: z.record(z.string(), count),
  /** Pending records read (every record between the cursor and the end, in the target's partitions). */
  scanned: count,
  partitions: z.array(CursorSpanSchema),
  /** The CHECK constraint evaluation, when asked for (`checkConstraints`). */
  constraints: ConstraintCheckSchema.nullable(),
  confirmation: ConfirmationSchema,
  durationMs: count,
});
export type ReplayPreview = z.infer<typeof ReplayPreviewSchema>;

/** The result of a replay or a park (or its error's details when it failed part way): exact counts. */
export const ReplayResultSchema = z.object({
  /** Pending records the target covered that the job reached. */
  matched: count,
  /** Produced to their original topic and acknowledged (acks=all). */
  replayed: count,
  superseded: count,
  /** Handled before by a replay or park of a selection: skipped. */
  alreadyHandled: count,
  /** Moved to the parking topic and acknowledged. */
  parked: count,
  /** Could not be produced (the error is in `failures`): still pending. */
  failed: count,
  failures: z.array(z.object({ partition: count, offset: count, error: z.string() })),
  /** The DLQ offsets this job handled (replayed, skipped or parked), merged into ranges. */
  ranges: z.array(OffsetRangeSchema),
  /** More runs were handled than `ranges` lists (a filter matching every other record). */
  rangesBounded: z.boolean(),
  /** Per partition the committed cursor before and after. */
  cursor: z.array(z.object({ partition: count, before: count, after: count })),
  durationMs: count,
});
export type ReplayResult = z.infer<typeof ReplayResultSchema>;

export const PreviewReplayInputSchema = z
  .object({
    target: ReplayTargetSchema,
    /** What the records would be moved by: a park skips nothing as superseded and goes to `<dlq>.parked`. */
    action: z.enum(['replay', 'park']).default('replay'),
    /** How many superseded records (and constraint violations) the result lists. */
    listLimit: z.number().int().min(0).max(1_000).default(100),
    /** Also evaluate each upsert's data against its table's CHECK constraints (read-only: a SELECT). */
    checkConstraints: z.boolean().default(false),
  })
  .strict();
export type PreviewReplayInput = z.input<typeof PreviewReplayInputSchema>;

export const ReplayInputSchema = z
  .object({
    target: ReplayTargetSchema,
    /** The typed confirmation (see the dry run's `confirmation`). */
    confirm: z.string().max(1_000).optional(),
    /** Records produced per second at most; absent: as fast as Kafka acknowledges. */
    ratePerSec: z.number().int().min(1).max(1_000_000).optional(),
    /** The dry run's matched count: the progress total for a rate and an ETA. */
    expected: count.optional(),
  })
  .strict();
export type ReplayInput = z.input<typeof ReplayInputSchema>;

export const ParkInputSchema = z
  .object({
    target: ReplayTargetSchema,
    /** Why these records are parked: written on each one (`x-parked-reason`) and in the audit log. */
    reason: z.string().trim().min(1).max(500),
    confirm: z.string().max(1_000).optional(),
    expected: count.optional(),
  })
  .strict();
export type ParkInput = z.input<typeof ParkInputSchema>;

export const replayMethods = {
  /** A dry run as a job: the result is a ReplayPreview. Produces, commits and records nothing. */
  'deadLetters.previewReplay': { input: PreviewReplayInputSchema, output: JobSnapshotSchema },
  /** Replays to the original topics as a job; the result is a ReplayResult. */
  'deadLetters.replay': { input: ReplayInputSchema, output: JobSnapshotSchema },
  /** Moves records to `<dlq>.parked` with a reason, as a job; the result is a ReplayResult. */
  'deadLetters.park': { input: ParkInputSchema, output: JobSnapshotSchema },
} as const;
