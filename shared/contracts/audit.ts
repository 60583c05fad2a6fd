import { z } from 'zod';

/**
 * The audit log: one JSON line per control action in `audit.jsonl` in the user data folder,
 * refused and failed attempts included, never a secret.
 */

export const AuditOutcomeSchema = z.enum(['ok', 'failed', 'refused', 'cancelled']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

export const AuditRecordSchema = z.object({
  /** ISO 8601, UTC. */
  time: z.string(),
  /** The OS user and host the front end ran as. */
  user: z.string(),
  host: z.string(),
  frontEnd: z.enum(['desktop', 'serve', 'cli']),
  profileId: z.string(),
  profileName: z.string(),
  environment: z.string(),
  /** e.g. `keys.invalidate`, `cache.flushNamespace`, `cache.flushDb`, `writeBehind.flush`. */
  action: z.string(),
  /** What was asked (pattern, keys, options), secrets removed. */
  parameters: z.record(z.string(), z.unknown()),
  /** What was done: matched, deleted, alreadyGone, … */
  counts: z.record(z.string(), z.number()),
  durationMs: z.number().nonnegative(),
  outcome: AuditOutcomeSchema,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const AuditQuerySchema = z
  .object({
    action: z.string().optional(),
    outcome: AuditOutcomeSchema.optional(),
    /** Case-insensitive text anywhere in the record's line. */
    text: z.string().max(1_000).optional(),
    /** Epoch ms: only records at or after it. */
    since: z.number().nonnegative().optional(),
    limit: z.number().int().min(1).max(1_000).default(200),
    /** From the previous page: continue with records older than this byte offset. */
    before: z.number().int().nonnegative().optional(),
  })
  .strict()
  .prefault({});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  /** Newest first. */
  records: z.array(AuditRecordSchema),
  /** Pass as `before` for older records; null when the file's start (or `since`) was reached. */
  before: z.number().int().nonnegative().nullable(),
  /** Bytes of the file read for this page (bounded per page). */
  scannedBytes: z.number().int().nonnegative(),
  /** Lines that were not audit records (a torn write), skipped. */
  skippedLines: z.number().int().nonnegative(),
  file: z.string(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const auditMethods = {
  /** A page of the audit log, newest first, filtered; reads the file from its end, a bounded amount per page. */
  'audit.list': { input: AuditQuerySchema, output: AuditPageSchema },
} as const;
