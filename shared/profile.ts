import { z } from 'zod';

/**
 * A connection profile: where the three services live and which write-behind
 * conventions (docs/write-behind-conventions.md) the pipeline behind them follows. Every name is
 * configurable because CacheScope observes pipelines it did not write.
 */

const hostPort = z
  .string()
  .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:6379');

export const TlsOptionsSchema = z.object({
  /** PEM text of a CA to trust, in addition to the system store. */
  ca: z.string().optional(),
  rejectUnauthorized: z.boolean().default(true),
  servername: z.string().optional(),
});

export const RedisProfileSchema = z.object({
  /** redis:// or rediss:// URL for a standalone server (the default mode). */
  url: z.string().default('redis://127.0.0.1:6379'),
  mode: z.enum(['standalone', 'cluster', 'sentinel']).default('standalone'),
  /** Cluster seed nodes (mode cluster). */
  clusterNodes: z.array(hostPort).default([]),
  /** Sentinel addresses and the monitored master's name (mode sentinel). */
  sentinels: z.array(hostPort).default([]),
  sentinelMasterName: z.string().default('mymaster'),
  username: z.string().optional(),
  password: z.string().optional(),
  tls: TlsOptionsSchema.optional(),
});

export const PostgresProfileSchema = z.object({
  url: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
  tls: TlsOptionsSchema.optional(),
});

export const KafkaSaslSchema = z.object({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string(),
  password: z.string(),
});

export const KafkaProfileSchema = z.object({
  brokers: z.array(hostPort).min(1).default(['127.0.0.1:9092']),
  clientId: z.string().default('cachescope'),
  tls: TlsOptionsSchema.optional(),
  sasl: KafkaSaslSchema.optional(),
});

export const WriteBehindConventionsSchema = z.object({
  queueTopic: z.string().min(1).default('cache.writes'),
  flusherGroup: z.string().min(1).default('cache-flusher'),
  dlqTopic: z.string().min(1).default('cache.writes.dlq'),
  controlTopic: z.string().min(1).default('cache.writes.control'),
  replayGroup: z.string().min(1).default('cachescope-replay'),
  /** Application-written hashes `<prefix><namespace>` with fields hits, misses. */
  namespaceStatsPrefix: z.string().min(1).default('cachestats:'),
  /** "Writes are in Postgres within this time"; time lag above it is a breach. */
  persistenceSlaMs: z.number().int().positive().default(5000),
  /** What the read-through cache stores for a row that does not exist (negative caching). */
  missingRowSentinel: z.string().min(1).default('__cachescope:missing__'),
});

/** How often the Redis stats sampler reads its node(s). */
export const StatsSamplingSchema = z.object({
  /** `INFO stats` (hits, misses, ops, evictions, expirations): the rates charted each second. */
  intervalMs: z.number().int().min(100).max(60_000).default(1_000),
  /**
   * `INFO memory clients keyspace` and the namespace counters: levels that move slowly, read
   * less often so that sampling costs the server less than a third of `redis-cli --stat`.
   */
  levelIntervalMs: z.number().int().min(100).max(600_000).default(15_000),
});

/** The whole-keyspace analysis (Keys & TTL view). */
export const KeysAnalysisSettingsSchema = z.object({
  /**
   * How often a paced re-analysis keeps the TTL histogram fresh while the app runs; 0 turns it
   * off. Absent: every 15 minutes, and off for a Cluster (a scan of every master).
   */
  reanalyzeIntervalMs: z.number().int().min(0).optional(),
});

export const NamespaceMappingSchema = z.object({
  /** Cache key pattern with one `{id}` placeholder, e.g. `product:{id}`. */
  keyPattern: z.string().regex(/\{id\}/, 'the key pattern needs an {id} placeholder'),
  table: z.string().min(1),
  keyColumn: z.string().min(1).default('id'),
  versionColumn: z.string().min(1).default('version'),
  /** The table's Postgres schema; the connection's search_path finds it when absent. */
  schema: z.string().min(1).optional(),
});

export const EnvironmentSchema = z.enum(['local', 'development', 'staging', 'production']);
export type Environment = z.infer<typeof EnvironmentSchema>;

/** How controls (invalidation, flushes, replay) behave on this profile. */
export const ControlSettingsSchema = z.object({
  /** Above this many keys an invalidation must be confirmed by typing the pattern (the profile name in production). */
  confirmAbove: z.number().int().nonnegative().default(100),
  /** Publish each invalidated key (or the pattern) on this Redis pub/sub channel; null publishes nothing. */
  broadcastChannel: z.string().min(1).nullable().default(null),
  /** What separates a namespace from the rest of a key: a namespace flush deletes `<namespace><delimiter>*`. */
  namespaceDelimiter: z.string().min(1).default(':'),
});
export type ControlSettings = z.infer<typeof ControlSettingsSchema>;

export const ProfileSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/i, 'profile ids are letters, digits, - and _'),
  name: z.string().min(1),
  /** Colours the window chrome; production profiles are read-only unless `readOnly` says otherwise. */
  environment: EnvironmentSchema.default('local'),
  /** Refuse every control in the core; defaults to true for production profiles. */
  readOnly: z.boolean().optional(),
  controls: ControlSettingsSchema.prefault({}),
  redis: RedisProfileSchema.prefault({}),
  postgres: PostgresProfileSchema.prefault({}),
  kafka: KafkaProfileSchema.prefault({}),
  writeBehind: WriteBehindConventionsSchema.prefault({}),
  stats: StatsSamplingSchema.prefault({}),
  keysAnalysis: KeysAnalysisSettingsSchema.prefault({}),
  namespaces: z.array(NamespaceMappingSchema).default([
    { keyPattern: 'product:{id}', table: 'products', keyColumn: 'id', versionColumn: 'version' },
    { keyPattern: 'user:{id}', table: 'users', keyColumn: 'id', versionColumn: 'version' },
  ]),
});

export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
export type RedisProfile = z.infer<typeof RedisProfileSchema>;
export type PostgresProfile = z.infer<typeof PostgresProfileSchema>;
export type KafkaProfile = z.infer<typeof KafkaProfileSchema>;
export type WriteBehindConventions = z.infer<typeof WriteBehindConventionsSchema>;
export type NamespaceMapping = z.infer<typeof NamespaceMappingSchema>;
export type StatsSampling = z.infer<typeof StatsSamplingSchema>;
export type KeysAnalysisSettings = z.infer<typeof KeysAnalysisSettingsSchema>;

/** Whether the profile refuses controls: as it says, else read-only in production. */
export function isReadOnly(profile: Pick<Profile, 'readOnly' | 'environment'>): boolean {
  return profile.readOnly ?? profile.environment === 'production';
}
