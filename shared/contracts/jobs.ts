import { z } from 'zod';
import { AppErrorDataSchema } from '../errors';

/**
 * Long operations (pattern invalidation, replay, flush-and-wait, analysis) are jobs:
 * starting one returns its id at once, `job.progress` reports as it goes, `job.cancel`
 * stops it within one batch, and the final state says exactly what was done.
 */
export const JobStateSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

export const JobSnapshotSchema = z.object({
  id: z.string(),
  /** What kind of job, e.g. `writeBehind.flush`. */
  kind: z.string(),
  /** One line for people: "Flush cache.writes and wait for the lag to drain". */
  title: z.string(),
  state: JobStateSchema,
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  done: z.number().nonnegative(),
  /** Null while the total is unknown. */
  total: z.number().nonnegative().nullable(),
  /** Units per second over the last few seconds. */
  rate: z.number().nonnegative().nullable(),
  etaMs: z.number().nonnegative().nullable(),
  /** The latest thing that happened, e.g. "ack from flusher-2 (120 records)". */
  message: z.string().nullable(),
  /** The job kind's own result, when it ended (see its contract). */
  result: z.unknown().nullable(),
  error: AppErrorDataSchema.nullable(),
});
export type JobSnapshot = z.infer<typeof JobSnapshotSchema>;

export const jobMethods = {
  'job.get': { input: z.object({ id: z.string() }).strict(), output: JobSnapshotSchema },
  'job.list': { input: z.object({}).strict().default({}), output: z.object({ jobs: z.array(JobSnapshotSchema) }) },
  'job.cancel': { input: z.object({ id: z.string() }).strict(), output: JobSnapshotSchema },
} as const;

export const jobEvents = {
  'job.progress': JobSnapshotSchema,
} as const;
