import { z } from 'zod';
import { AppErrorDataSchema } from '../errors';
import { NoInputSchema } from './common';
import { JobSnapshotSchema } from './jobs';

/**
 * The write-behind queue (docs/write-behind-conventions.md §1–2): how far the flusher
 * group is behind the queue topic in records and in time, whether it is healthy (Burrow's
 * statuses plus the persistence SLA), how deep the DLQ is, and flushing it on demand.
 */

/** Kafka's consumer group states, as DescribeGroups reports them ("Dead" for a group that does not exist). */
export const GroupStateSchema = z.enum(['Unknown', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty']);
export type GroupState = z.infer<typeof GroupStateSchema>;

/**
 * Burrow's verdicts over a window of samples: OK; WARN the lag keeps growing; STALL members
 * are there but committed offsets do not move while records wait; STOP no member and no
 * commit for longer than the window while records wait; REWIND a committed offset moved back.
 */
export const LagStatusSchema = z.enum(['OK', 'WARN', 'STALL', 'STOP', 'REWIND']);
export type LagStatus = z.infer<typeof LagStatusSchema>;

/**
 * What the timeline records: a Burrow verdict, or UNAVAILABLE while the queue cannot be read
 * at all (Kafka unreachable), so that an outage and the recovery from it are status changes.
 */
export const QueueStatusSchema = z.enum([...LagStatusSchema.options, 'UNAVAILABLE']);
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

const offset = z.number().int().nonnegative();
const rate = z.number().nonnegative().nullable();

export const PartitionLagSchema = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** The group's committed offset; null when it never committed on this partition (it resumes at `low`). */
  committed: offset.nullable(),
  low: offset,
  high: offset,
  lag: offset,
  /**
   * Age of the oldest unpersisted record, never below the true age (it may be above by at
   * most one sampling interval between reads); 0 without lag, null until first known.
   */
  timeLagMs: z.number().int().nonnegative().nullable(),
  /**
   * How far `timeLagMs` may be above the true age: 0 when measured (the record's own
   * timestamp was read), the sampling bracket's width when it is an upper bound; null when unknown.
   */
  timeLagResolutionMs: z.number().int().nonnegative().nullable(),
  status: LagStatusSchema,
  /** Client id of the member the partition is assigned to, if any. */
  owner: z.string().nullable(),
});
export type PartitionLag = z.infer<typeof PartitionLagSchema>;

export const GroupMemberSchema = z.object({
  memberId: z.string(),
  clientId: z.string(),
  host: z.string(),
  /** Partitions of the watched topic assigned to this member. */
  partitions: z.array(z.number().int().nonnegative()),
});
export type GroupMember = z.infer<typeof GroupMemberSchema>;

export const GroupLagSchema = z.object({
  groupId: z.string(),
  topic: z.string(),
  state: GroupStateSchema,
  members: z.array(GroupMemberSchema),
  partitions: z.array(PartitionLagSchema),
  totalLag: offset,
  /** The largest partition time lag; null while one lagging partition's is unknown. */
  maxTimeLagMs: z.number().int().nonnegative().nullable(),
  /** That partition's `timeLagResolutionMs`. */
  maxTimeLagResolutionMs: z.number().int().nonnegative().nullable(),
  /**
   * The reported status: a new one is reported once it held for a few seconds (a stall,
   * a rewind or catching up at once), so a bursty flusher does not flap between OK and WARN.
   */
  status: LagStatusSchema,
  /** One sentence for people: why the status is what it is. */
  statusReason: z.string(),
  /** Entered as soon as the oldest write passes the SLA; left once it has been back within it for a few seconds. */
  slaBreached: z.boolean(),
  /** Records per second appended to the topic, and persisted (committed) by the group, over the window. */
  produceRate: rate,
  persistRate: rate,
  /** When the lag reaches 0 at the current rates; 0 without lag, null when it is not shrinking. */
  drainEtaMs: z.number().nonnegative().nullable(),
  /** Samples the status was judged on, and whether they span the whole window yet. */
  windowSamples: z.number().int().nonnegative(),
  windowComplete: z.boolean(),
});
export type GroupLag = z.infer<typeof GroupLagSchema>;

export const DlqPartitionSchema = z.object({
  partition: z.number().int().nonnegative(),
  /** The replay cursor's committed offset; null when it never committed (counted from `low`). */
  cursor: offset.nullable(),
  low: offset,
  high: offset,
  depth: offset,
});

export const DlqDepthSchema = z.object({
  topic: z.string(),
  replayGroup: z.string(),
  /** Dead letters not replayed yet: DLQ high watermark minus the replay cursor. */
  depth: offset,
  /** Dead letters per second arriving, over the window. */
  arrivalRate: rate,
  partitions: z.array(DlqPartitionSchema),
});
export type DlqDepth = z.infer<typeof DlqDepthSchema>;

/** What could not be read this time, e.g. a topic that does not exist. */
export const LagIssueSchema = z.object({
  groupId: z.string(),
  topic: z.string(),
  error: AppErrorDataSchema,
});

export const LagReportSchema = z.object({
  profileId: z.string(),
  /** When the offsets were requested; time lags are ages at this moment. */
  sampledAt: z.number(),
  slaMs: z.number().int().positive(),
  windowMs: z.number().int().positive(),
  /** The flusher group on the queue topic (or the group and topic asked for). */
  groups: z.array(GroupLagSchema),
  /** The DLQ against its replay cursor; null when a specific group or topic was asked for. */
  dlq: DlqDepthSchema.nullable(),
  issues: z.array(LagIssueSchema),
});
export type LagReport = z.infer<typeof LagReportSchema>;

/**
 * One point of the queue's recent past, for the charts (the flusher group on the queue topic).
 * A point whose figures are all null is a gap: the queue could not be read at that time.
 */
export const LagHistoryPointSchema = z.object({
  at: z.number(),
  totalLag: offset.nullable(),
  maxTimeLagMs: z.number().nonnegative().nullable(),
  produceRate: rate,
  persistRate: rate,
  dlqDepth: offset.nullable(),
  /** Dead letters per second arriving on the DLQ. */
  dlqArrivalRate: rate,
});
export type LagHistoryPoint = z.infer<typeof LagHistoryPointSchema>;

/** A change of a group's status or SLA state, kept for the incident timeline. */
export const StatusChangeSchema = z.object({
  id: z.string(),
  at: z.number(),
  groupId: z.string(),
  topic: z.string(),
  /** Null for the first verdict after watching started. */
  previousStatus: QueueStatusSchema.nullable(),
  status: QueueStatusSchema,
  previousSlaBreached: z.boolean().nullable(),
  slaBreached: z.boolean(),
  reason: z.string(),
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;

export const FlushAckSchema = z.object({
  /** The answering flusher's worker id. */
  worker: z.string(),
  /** Records it held in memory when the command arrived, now persisted. */
  flushed: z.number().int().nonnegative(),
  /** When the flusher sent the ack, and how long after the command was published it arrived. */
  at: z.number(),
  afterMs: z.number().nonnegative(),
});
export type FlushAck = z.infer<typeof FlushAckSchema>;

/** `writeBehind.flush` jobs end with this as their result (or as their error's details on a timeout). */
export const FlushResultSchema = z.object({
  requestId: z.string(),
  requestedBy: z.string(),
  publishedAt: z.number().nullable(),
  /** Members of the flusher group when the command was published: the acks to expect. */
  expectedAcks: z.number().int().nonnegative(),
  acks: z.array(FlushAckSchema),
  /** Records pending when the command was published, and how many of those are still not persisted. */
  lagAtStart: offset,
  lagLeft: offset,
  /** From publishing until everything pending at that moment was committed; null if it was not. */
  drainedMs: z.number().nonnegative().nullable(),
  waitedForDrain: z.boolean(),
});
export type FlushResult = z.infer<typeof FlushResultSchema>;

export const FlushInputSchema = z
  .object({
    /** Give up when no flusher acknowledged within this time. */
    ackTimeoutMs: z.number().int().positive().max(600_000).default(10_000),
    /** Give up when the records pending at the start are not all persisted within this time. */
    drainTimeoutMs: z.number().int().positive().max(3_600_000).default(60_000),
    /** False: end once the flushers acknowledged, without watching the lag drain. */
    waitForDrain: z.boolean().default(true),
  })
  .strict()
  .prefault({});
export type FlushInput = z.input<typeof FlushInputSchema>;

export const FlushAckEventSchema = FlushAckSchema.extend({
  /** Unique per ack, so that coalescing never drops one. */
  id: z.string(),
  jobId: z.string(),
  requestId: z.string(),
});
export type FlushAckEvent = z.infer<typeof FlushAckEventSchema>;

export const writeBehindMethods = {
  'writeBehind.lag': {
    input: z
      .object({
        /** Another consumer group than the profile's flusher group. */
        group: z.string().min(1).optional(),
        /** Another topic than the group's (the profile's queue topic for the flusher group). */
        topic: z.string().min(1).optional(),
        /** Read the offsets now and wait for the time lags, instead of the latest sample. */
        fresh: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    output: LagReportSchema,
  },
  'writeBehind.history': {
    input: NoInputSchema,
    output: z.object({ points: z.array(LagHistoryPointSchema) }),
  },
  'writeBehind.events': {
    input: z.object({ limit: z.number().int().positive().max(1_000).default(200) }).strict().prefault({}),
    output: z.object({ events: z.array(StatusChangeSchema) }),
  },
  /** Starts a flush job (or returns the one running); its result is a FlushResult. */
  'writeBehind.flush': { input: FlushInputSchema, output: JobSnapshotSchema },
} as const;

export const writeBehindEvents = {
  'writeBehind.sample': LagReportSchema,
  'writeBehind.statusChanged': StatusChangeSchema,
  'writeBehind.flushAck': FlushAckEventSchema,
} as const;
