import { z } from 'zod';
import { AuditRecordSchema } from './audit';
import { StatsSeriesSchema } from './stats';

/**
 * The incident timeline: one log of what CacheScope saw (services going down and coming back,
 * hit-rate alert crossings, memory and eviction spikes, write-behind status changes and SLA
 * breaches, dead-letter bursts, keyspace analyses) and what was done (every audited action),
 * plus the user's notes. Kept per profile in the user data folder beside the history.
 */

export const timelineKinds = ['service', 'hitRate', 'memory', 'writeBehind', 'deadLetters', 'analysis', 'action', 'investigation', 'annotation'] as const;
export const TimelineKindSchema = z.enum(timelineKinds);
export type TimelineKind = z.infer<typeof TimelineKindSchema>;

/** `ok` is a recovery (a service back, an alert cleared); `critical` needs someone now. */
export const TimelineSeveritySchema = z.enum(['info', 'ok', 'warning', 'critical']);
export type TimelineSeverity = z.infer<typeof TimelineSeveritySchema>;

/** The bounds of the kept log: a week, and at most this many events (oldest dropped first). */
export const timelineMaxAgeMs = 7 * 24 * 3_600_000;
export const timelineMaxEvents = 20_000;
export const annotationMaxLength = 500;
/** The longest title (a note is its own title) and detail an event carries. */
export const eventTitleMaxLength = annotationMaxLength;
export const eventDetailMaxLength = 2_000;

export const TimelineEventSchema = z.object({
  /** Unique: live updates are never coalesced away. */
  id: z.string().min(1).max(200),
  kind: TimelineKindSchema,
  /** Epoch ms. */
  at: z.number().int().nonnegative(),
  severity: TimelineSeveritySchema,
  /** One short line: "Redis down", "Hit rate below 80 %". */
  title: z.string().max(eventTitleMaxLength),
  /** What else is known, one or two sentences; null when the title says it all. */
  detail: z.string().max(eventDetailMaxLength).nullable(),
  /** The view it came from, as a renderer route (`/write-behind`, `/audit`). */
  route: z.string().startsWith('/').max(200),
  /** Who saw or did it: `health monitor`, `stats sampler`, `audit log`, `you`. */
  source: z.string().max(100),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/** Epoch ms, bounded so arithmetic on it stays exact. */
const epochMs = z.number().int().nonnegative().max(8.64e15);

export const TimelineQuerySchema = z
  .object({
    since: epochMs.optional(),
    until: epochMs.optional(),
    /** Only these kinds; every kind when absent. */
    kinds: z.array(TimelineKindSchema).max(timelineKinds.length).optional(),
    /** The newest `limit` events of the window are returned. */
    limit: z.number().int().min(1).max(5_000).default(1_000),
  })
  .strict()
  .prefault({})
  .refine((q) => q.since === undefined || q.until === undefined || q.until >= q.since, 'until must not be before since');
export type TimelineQuery = z.input<typeof TimelineQuerySchema>;

export const TimelinePageSchema = z.object({
  profileId: z.string(),
  /** Oldest first. */
  events: z.array(TimelineEventSchema),
  /** More events matched than `limit`: the oldest were left out. */
  truncated: z.boolean(),
  maxAgeMs: z.number().int().positive(),
  maxEvents: z.number().int().positive(),
});
export type TimelinePage = z.infer<typeof TimelinePageSchema>;

export const AnnotateInputSchema = z
  .object({
    text: z.string().trim().min(1, 'a note needs some text').max(annotationMaxLength),
    /** When it happened; now when absent. Not in the future, not older than the log keeps. */
    at: epochMs.optional(),
  })
  .strict();

/** The longest window one export covers: the history's and the log's reach. */
export const maxIncidentWindowMs = timelineMaxAgeMs;

export const IncidentWindowSchema = z
  .object({ from: epochMs, to: epochMs })
  .strict()
  .refine((w) => w.to > w.from, 'to must be after from')
  .refine((w) => w.to - w.from <= maxIncidentWindowMs, 'an incident window covers at most 7 days');
export type IncidentWindow = z.infer<typeof IncidentWindowSchema>;

/**
 * A key's cache-vs-database verdict, for the incident bundle. Filled by whoever compared keys
 * in the window (`keys.compare`); the bundle lists them as they were returned.
 */
export const IncidentKeyComparisonSchema = z.object({
  key: z.string(),
  verdict: z.string(),
  comparedAt: z.number(),
  comparison: z.record(z.string(), z.unknown()),
});
export type IncidentKeyComparison = z.infer<typeof IncidentKeyComparisonSchema>;

/** The figures behind the timeline, on its time axis: the cache's and the write-behind queue's, from the saved history. */
export const TimelineSeriesSchema = z.object({
  hitRate: StatsSeriesSchema,
  usedMemory: StatsSeriesSchema,
  evictedPerSec: StatsSeriesSchema,
  /** Records waiting in the write-behind queue (the flusher group's lag). */
  totalLag: StatsSeriesSchema,
  dlqDepth: StatsSeriesSchema,
});
export type TimelineSeries = z.infer<typeof TimelineSeriesSchema>;

/** The JSON embedded in the exported HTML: the window's series, events and audit records. */
export const IncidentBundleSchema = z.object({
  format: z.literal('cachescope-incident/1'),
  exportedAt: z.number(),
  app: z.object({ name: z.string(), version: z.string() }),
  profile: z.object({ id: z.string(), name: z.string(), environment: z.string() }),
  window: z.object({ from: z.number(), to: z.number() }),
  series: TimelineSeriesSchema,
  events: z.array(TimelineEventSchema),
  audit: z.array(AuditRecordSchema),
  /** Key comparisons made in the window; empty when none were. */
  keyComparisons: z.array(IncidentKeyComparisonSchema),
});
export type IncidentBundle = z.infer<typeof IncidentBundleSchema>;

export const IncidentExportSchema = z.object({
  /** `incident-<profile>-<from>.html`, safe as a file name. */
  fileName: z.string(),
  /** The whole self-contained document. */
  html: z.string(),
  bytes: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  auditRecords: z.number().int().nonnegative(),
});
export type IncidentExport = z.infer<typeof IncidentExportSchema>;

export const timelineMethods = {
  /** Events of the active profile in a window, oldest first; audited actions are read from the audit log. */
  'timeline.list': { input: TimelineQuerySchema, output: TimelinePageSchema },
  /** The hit rate, memory, evictions, write-behind lag and DLQ depth between `from` and `to`, at the finest resolution kept that long. */
  'timeline.series': {
    input: IncidentWindowSchema,
    output: TimelineSeriesSchema.extend({ profileId: z.string(), from: z.number(), to: z.number() }),
  },
  /** Adds the user's note at a time (now by default) to the profile's timeline. */
  'timeline.annotate': { input: AnnotateInputSchema, output: TimelineEventSchema },
  /** The hit-rate level below which the timeline records an alert (the Cache view's alert input). */
  'timeline.setHitRateAlert': {
    input: z.object({ ratio: z.number().min(0).max(1) }).strict(),
    output: z.object({ ratio: z.number().min(0).max(1) }),
  },
  /** One self-contained HTML file of a window: charts as SVG, events, audit records and series as JSON, no secret. */
  'timeline.exportIncident': { input: IncidentWindowSchema, output: IncidentExportSchema },
} as const;

export const timelineEvents = {
  'timeline.event': TimelineEventSchema,
} as const;
