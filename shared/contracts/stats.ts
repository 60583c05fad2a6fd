import { z } from 'zod';
import { AppErrorDataSchema } from '../errors';
import { SeriesPointSchema } from './common';

/**
 * Cache health over time: what the Redis stats sampler reads each interval (hits, misses,
 * ops, memory, evictions, clients, keys), per node and summed over the masters, and the
 * bounded history it keeps. Counts are "since the last reset" (CONFIG RESETSTAT, restart);
 * rates are per second over the last interval, null when unknown (first reading, a reset,
 * a node that did not answer). A hit rate is null when there were no reads: 0 % and
 * 100 % both claim something that did not happen.
 */

const count = z.number().int().nonnegative();
const rate = z.number().nonnegative();
const ratio = z.number().min(0).max(1);

export const RedisModeSchema = z.enum(['standalone', 'cluster', 'sentinel']);

export const KeyspaceDbSchema = z.object({ db: z.number().int().nonnegative(), keys: count, expires: count });
export type KeyspaceDb = z.infer<typeof KeyspaceDbSchema>;

/** Hit rates over the last interval and the usual windows; null where nothing was read. */
export const HitRateWindowsSchema = z.object({
  lastInterval: ratio.nullable(),
  lastMinute: ratio.nullable(),
  last5Minutes: ratio.nullable(),
  lastHour: ratio.nullable(),
});
export type HitRateWindows = z.infer<typeof HitRateWindowsSchema>;

export const StatsNodeSchema = z.object({
  /** host:port as the cluster or the client knows it. */
  address: z.string(),
  role: z.enum(['master', 'replica']),
  state: z.enum(['up', 'down']),
  /** Why the node is down; null while it answers. */
  error: AppErrorDataSchema.nullable(),
  /** When it last answered. */
  lastSeenAt: z.number().nullable(),
  hits: count.nullable(),
  misses: count.nullable(),
  /** Since the node's last reset. */
  hitRate: ratio.nullable(),
  /** Over the last interval. */
  intervalHitRate: ratio.nullable(),
  opsPerSec: rate.nullable(),
  usedMemory: count.nullable(),
  /** 0 means no limit. */
  maxMemory: count.nullable(),
  maxMemoryPolicy: z.string().nullable(),
  fragmentationRatio: z.number().nonnegative().nullable(),
  evictedKeys: count.nullable(),
  expiredKeys: count.nullable(),
  connectedClients: count.nullable(),
  blockedClients: count.nullable(),
  keys: count.nullable(),
});
export type StatsNode = z.infer<typeof StatsNodeSchema>;

export const NamespaceStatsSchema = z.object({
  namespace: z.string(),
  hits: count,
  misses: count,
  /** Since the application's counters began. */
  hitRate: ratio.nullable(),
  /** Since the previous reading of the counters (every level interval). */
  intervalHitRate: ratio.nullable(),
});
export type NamespaceStats = z.infer<typeof NamespaceStatsSchema>;

export const StatsSampleSchema = z.object({
  profileId: z.string(),
  mode: RedisModeSchema,
  /** The tick this sample belongs to (aligned to the interval), epoch ms. */
  at: z.number(),
  intervalMs: z.number().int().positive(),
  /** Summed over the masters that answered, since their last reset. */
  hits: count,
  misses: count,
  hitRate: ratio.nullable(),
  hitRates: HitRateWindowsSchema,
  opsPerSec: rate.nullable(),
  evictedKeys: count,
  expiredKeys: count,
  evictedPerSec: rate.nullable(),
  expiredPerSec: rate.nullable(),
  usedMemory: count.nullable(),
  /** Sum of the masters' maxmemory; 0 when any master has no limit. */
  maxMemory: count.nullable(),
  maxMemoryPolicy: z.string().nullable(),
  fragmentationRatio: z.number().nonnegative().nullable(),
  connectedClients: count.nullable(),
  blockedClients: count.nullable(),
  keys: count.nullable(),
  keyspace: z.array(KeyspaceDbSchema),
  /** When memory, clients, keyspace and namespaces were read (they are read less often). */
  levelsAt: z.number().nullable(),
  nodes: z.array(StatsNodeSchema),
  mastersUp: count,
  mastersTotal: count,
  namespaces: z.array(NamespaceStatsSchema),
  /** Why there are no per-namespace figures, when there are none. */
  namespacesNote: z.string().nullable(),
  /** Set when no master answered: the sample is a gap. */
  error: AppErrorDataSchema.nullable(),
});
export type StatsSample = z.infer<typeof StatsSampleSchema>;

/** The series the history keeps for the whole cache (masters summed). */
export const StatsMetricSchema = z.enum([
  'hitRate',
  'opsPerSec',
  'evictedPerSec',
  'expiredPerSec',
  'usedMemory',
  'maxMemory',
  'fragmentationRatio',
  'connectedClients',
  'blockedClients',
  'keys',
]);
export type StatsMetric = z.infer<typeof StatsMetricSchema>;
export const statsMetrics = StatsMetricSchema.options;

/** Rates, read every interval; the other metrics are levels, read every level interval. */
export const statsRateMetrics = ['hitRate', 'opsPerSec', 'evictedPerSec', 'expiredPerSec'] as const satisfies readonly StatsMetric[];
export type StatsLevelMetric = Exclude<StatsMetric, (typeof statsRateMetrics)[number]>;
export const statsLevelMetrics = statsMetrics.filter((metric): metric is StatsLevelMetric => !(statsRateMetrics as readonly StatsMetric[]).includes(metric));

export const StatsSeriesSchema = z.object({
  /** Time between points of this series at the resolution returned. */
  stepMs: z.number().int().positive(),
  /** Oldest first; a `[time, null]` point marks a gap (no sample: disconnected or not running). */
  points: z.array(SeriesPointSchema),
});
export type StatsSeries = z.infer<typeof StatsSeriesSchema>;

export const StatsHistorySchema = z.object({
  profileId: z.string(),
  from: z.number(),
  to: z.number(),
  series: z.record(StatsMetricSchema, StatsSeriesSchema),
  namespaces: z.array(z.object({ namespace: z.string(), hitRate: StatsSeriesSchema })),
});
export type StatsHistory = z.infer<typeof StatsHistorySchema>;

/** The longest range the history answers for (its coarsest tier). */
export const maxHistoryRangeMs = 7 * 24 * 3_600_000;

export const statsMethods = {
  /** One reading of every node now, or the running sampler's latest if it is fresh. */
  'stats.snapshot': {
    input: z.object({ fresh: z.boolean().default(false) }).strict().default({ fresh: false }),
    output: StatsSampleSchema,
  },
  /** Starts background sampling for the active profile (idempotent); samples arrive as `metrics.sample`. */
  'stats.watch': {
    input: z.object({}).strict().default({}),
    output: z.object({ intervalMs: z.number().int().positive(), levelIntervalMs: z.number().int().positive() }),
  },
  /** The stored series between `from` and `to` (default now), at the finest resolution kept that long. */
  'stats.history': {
    input: z
      .object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative().optional() })
      .strict()
      .refine((range) => range.to === undefined || range.to > range.from, 'to must be after from'),
    output: StatsHistorySchema,
  },
} as const;

export const statsEvents = {
  'metrics.sample': StatsSampleSchema,
} as const;
