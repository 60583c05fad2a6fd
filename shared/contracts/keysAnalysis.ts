import { z } from 'zod';
import { NoInputSchema } from './common';
import { JobSnapshotSchema } from './jobs';

/**
 * Whole-keyspace analysis (`keys.analyze`): a job that scans every key of the database (every
 * master of a Cluster) and reports streaming aggregates: namespaces as a tree, TTL histograms,
 * types, the biggest keys and the keys about to expire. Key names are bytes: every name here is
 * shown with `displayKeyName` (shared/keyName.ts) and carried exactly as hex.
 */

/** TTL buckets, in order; a key with PTTL in [lower, upper) of a bucket falls in it. */
export const ttlBucketNames = ['none', 'lt1m', '1m-10m', '10m-1h', '1h-6h', '6h-24h', '1d-7d', 'gt7d'] as const;
export const TtlBucketSchema = z.enum(ttlBucketNames);
export type TtlBucket = z.infer<typeof TtlBucketSchema>;

const count = z.number().int().nonnegative();

export const TtlHistogramSchema = z.array(z.object({ bucket: TtlBucketSchema, keys: count }));
export type TtlHistogram = z.infer<typeof TtlHistogramSchema>;

export const KeysAnalyzeInputSchema = z
  .object({
    /** SCAN MATCH glob; every key when absent. */
    match: z.string().min(1).max(1024).optional(),
    /** Database number (standalone and Sentinel; a Cluster has only 0); the profile's when absent. */
    db: z.number().int().min(0).max(1023).optional(),
    /** What splits a key name into namespaces. */
    delimiter: z.string().min(1).max(16).default(':'),
    /** How many namespace levels the tree keeps: `a:b:c:id` is a, a:b, a:b:c at depth 3. */
    depth: z.number().int().min(1).max(8).default(3),
    /** MEMORY USAGE SAMPLES: nested values sampled per collection (0 = all of them). */
    samples: z.number().int().min(0).max(10_000).default(5),
    /** How many of the biggest and of the soonest-expiring keys are listed. */
    top: z.number().int().min(1).max(1000).default(50),
  })
  .strict()
  .prefault({});
export type KeysAnalyzeInput = z.input<typeof KeysAnalyzeInputSchema>;
export type KeysAnalyzeOptions = z.output<typeof KeysAnalyzeInputSchema>;

export const NamespaceNodeSchema = z.object({
  /** The full prefix without the trailing delimiter (`user`, `user:profile`), as displayed. */
  namespace: z.string(),
  /** The prefix's exact bytes. */
  namespaceHex: z.string(),
  /** 1 for a top-level namespace. */
  depth: z.number().int().positive(),
  /** The parent node's `namespace`; null at the top level. */
  parent: z.string().nullable(),
  keys: count,
  memory: count,
  noTtl: count,
  ttlHistogram: TtlHistogramSchema,
  /** Median TTL estimated from a log-scale sketch (±20%); null when at least half the keys have none. */
  medianTtlMs: z.number().nonnegative().nullable(),
  /** Keys and memory of sub-namespaces folded away to bound the tree (see `namespacesPruned`). */
  otherKeys: count,
  otherMemory: count,
});
export type NamespaceNode = z.infer<typeof NamespaceNodeSchema>;

export const TypeStatsSchema = z.object({ type: z.string(), keys: count, memory: count });
export type TypeStats = z.infer<typeof TypeStatsSchema>;

export const AnalyzedKeySchema = z.object({
  key: z.string(),
  keyHex: z.string(),
  type: z.string(),
  memory: count,
  /** PTTL when it was read; null without a TTL. */
  ttlMs: z.number().int().nonnegative().nullable(),
  /** When it expires (read time + PTTL); null without a TTL. */
  expiresAt: z.number().nullable(),
});
export type AnalyzedKey = z.infer<typeof AnalyzedKeySchema>;

export const KeysAnalysisSchema = z.object({
  profileId: z.string(),
  startedAt: z.number(),
  endedAt: z.number(),
  /** False when it was cancelled: the figures cover the keys scanned until then. */
  complete: z.boolean(),
  /** The masters scanned (host:port). */
  nodes: z.array(z.string()),
  db: z.number().int().nonnegative(),
  match: z.string().nullable(),
  delimiter: z.string(),
  depth: z.number().int().positive(),
  samples: z.number().int().nonnegative(),
  /** DBSIZE summed over the masters when the scan started. */
  keysAtStart: count,
  /** Keys analysed. */
  scanned: count,
  /** Keys SCAN returned that were gone (expired, deleted) when they were read. */
  vanished: count,
  memory: count,
  noTtl: count,
  ttlHistogram: TtlHistogramSchema,
  types: z.array(TypeStatsSchema),
  /** Every node of the namespace tree, biggest (by keys) first. */
  namespaces: z.array(NamespaceNodeSchema),
  /** Keys with no delimiter in their name: in no namespace. */
  unnamespaced: z.object({ keys: count, memory: count, noTtl: count }),
  /** Top-level namespaces folded away to bound the tree. */
  otherNamespaces: z.object({ keys: count, memory: count }),
  /** Nodes folded away; when above 0, a node re-created after a fold may undercount. */
  namespacesPruned: count,
  /** Namespaces (with at least one key) where no key has a TTL. */
  noTtlNamespaces: z.array(z.string()),
  biggest: z.array(AnalyzedKeySchema),
  /** Keys expiring within a minute of when they were read, soonest first. */
  expiringSoon: z.array(AnalyzedKeySchema),
});
export type KeysAnalysis = z.infer<typeof KeysAnalysisSchema>;

export const TtlRiskSchema = z.object({
  namespace: z.string(),
  keys: count,
  medianTtlMs: z.number().nonnegative(),
  timeLagMs: z.number().nonnegative(),
});
export type TtlRisk = z.infer<typeof TtlRiskSchema>;

export const KeysOverviewSchema = z.object({
  /** The last complete analysis of this profile, or null when there is none. */
  analysis: KeysAnalysisSchema.nullable(),
  /** The running analysis, if any. */
  running: JobSnapshotSchema.nullable(),
});
export type KeysOverview = z.infer<typeof KeysOverviewSchema>;

export const KeysRisksSchema = z.object({
  /** When the analysis the risks come from ended; null without one. */
  analyzedAt: z.number().nullable(),
  /** The write-behind time lag now (the flusher group's largest); null when unknown. */
  timeLagMs: z.number().nonnegative().nullable(),
  /** Namespaces whose median TTL is shorter than the time lag: a key may expire before its write is persisted. */
  risks: z.array(TtlRiskSchema),
});
export type KeysRisks = z.infer<typeof KeysRisksSchema>;

export const keysAnalyzeJobKind = 'keys.analyze';

export const keysAnalysisMethods = {
  'keys.analyze': { input: KeysAnalyzeInputSchema, output: JobSnapshotSchema },
  'keys.analysis': { input: NoInputSchema, output: KeysOverviewSchema },
  'keys.risks': { input: NoInputSchema, output: KeysRisksSchema },
} as const;

export const keysAnalysisEvents = {
  /** A new analysis was kept: fetch `keys.analysis`. */
  'keys.analysisChanged': z.object({ profileId: z.string(), endedAt: z.number() }),
} as const;
