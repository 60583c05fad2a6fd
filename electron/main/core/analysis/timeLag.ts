import { producedAtBounds, type OffsetTimeTable } from './offsetTimeTable';

/**
 * Age at `now` of the oldest unpersisted record, the one at the resume offset. It is
 * measured from the earliest moment the table allows for its production, so it is never
 * below the true age; it can be above it by the width of the bracket (one sampling
 * interval, or nothing after a read). Null when nothing brackets it yet: a read is needed.
 */
export function timeLagMs(table: OffsetTimeTable, resume: number, lag: number, now: number): number | null {
  if (lag === 0) return 0;
  const { earliest } = producedAtBounds(table, resume);
  return earliest === null ? null : Math.max(0, Math.ceil(now - earliest));
}

export interface ReadPolicy {
  /** A partition is read at most this often: each read costs a throwaway consumer group. */
  minIntervalMs: number;
  /** Brackets narrower than this are precise enough without a read. */
  uncertainMs: number;
}

export interface LastRead {
  at: number;
  offset: number;
}

/**
 * Whether the record at the resume offset should be read: when the table cannot date it
 * at all, or only loosely (a backlog older than the table), and not too soon after the
 * last read.
 */
export function needsRead(
  table: OffsetTimeTable,
  resume: number,
  lag: number,
  lastRead: LastRead | undefined,
  now: number,
  policy: ReadPolicy,
): boolean {
  if (lag === 0) return false;
  const { earliest, latest } = producedAtBounds(table, resume);
  const precise = earliest !== null && latest !== null && latest - earliest <= policy.uncertainMs;
  if (precise) return false;
  return lastRead === undefined || now - lastRead.at >= policy.minIntervalMs;
}

/**
 * How far `timeLagMs` may be above the true age: 0 when the record's own timestamp was
 * read, the width of its bracket when it is an upper bound from the sampling interval,
 * null when nothing bounds it from above.
 */
export function timeLagResolutionMs(table: OffsetTimeTable, resume: number, lag: number): number | null {
  if (lag === 0) return 0;
  const { earliest, latest } = producedAtBounds(table, resume);
  return earliest === null || latest === null ? null : Math.max(0, latest - earliest);
}
