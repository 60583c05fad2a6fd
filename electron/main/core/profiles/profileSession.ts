import type { ServiceName } from '../../../../shared/contract';
import type { Profile } from '../../../../shared/profile';
import { KafkaConnection } from '../connections/kafkaConnection';
import { PostgresConnection } from '../connections/postgresConnection';
import { RedisConnection } from '../connections/redisConnection';
import { HealthMonitor, type HealthMonitorOptions, defaultHealthOptions } from '../health/healthMonitor';
import { DisposableStore, type Disposable } from '../lifecycle/disposable';
import { JobRegistry } from '../jobs/jobRegistry';
import { QueueLagSampler, type QueueLagSamplerOptions } from '../samplers/queueLagSampler';
import { HistoryStore } from '../history/historyStore';
import { OwnReadsLedger } from '../samplers/ownReadsLedger';
import { RecentComparisons } from '../investigate/recentComparisons';
import { recordQueuePoint } from '../history/queueSeries';
import { historyPointOf } from '../../../../shared/lagHistory';
import { RedisStatsSampler } from '../samplers/redisStatsSampler';
import { KeyspaceAnalyses, type KeyspaceAnalysesOptions } from '../keys/keyspaceAnalyses';
import { TimelineLog, type TimelineLogOptions } from '../timeline/timelineLog';
import { TimelineRecorder } from '../timeline/timelineRecorder';

/** Where a session keeps its past: null paths keep it in memory; read-only reads the files and never writes them. */
export interface SessionStorage {
  statsHistoryPath: string | null;
  readOnly: boolean;
  timeline: Omit<TimelineLogOptions, 'readOnly'>;
}

const inMemory: SessionStorage = { statsHistoryPath: null, readOnly: false, timeline: { path: null } };

/**
 * Everything that lives while one profile is active: its three connections and
 * what watches them. Switching profiles disposes the session and opens a new one.
 */
export class ProfileSession implements Disposable {
  private readonly store = new DisposableStore();
  readonly redis: RedisConnection;
  readonly postgres: PostgresConnection;
  readonly kafka: KafkaConnection;
  readonly health: HealthMonitor;
  readonly jobs: JobRegistry;
  readonly queueLag: QueueLagSampler;
  readonly statsHistory: HistoryStore;
  readonly stats: RedisStatsSampler;
  readonly keyAnalyses: KeyspaceAnalyses;
  readonly timeline: TimelineLog;
  /** CacheScope's own reads of keys, taken off the hit rate by the stats sampler. */
  readonly ownReads = new OwnReadsLedger();
  /** The key comparisons of this session, for an incident export. */
  readonly comparisons = new RecentComparisons();

  constructor(
    readonly profile: Profile,
    healthOptions: HealthMonitorOptions = defaultHealthOptions,
    queueLagOptions: Partial<QueueLagSamplerOptions> = {},
    /** Where the Redis stats history and the timeline are saved. */
    storage: SessionStorage = inMemory,
    /** Where the last keyspace analysis is kept (null: in memory), and its scan pacing. */
    keyAnalysesOptions: KeyspaceAnalysesOptions = { path: null },
  ) {
    this.redis = this.store.add(new RedisConnection(profile.redis));
    this.postgres = this.store.add(new PostgresConnection(profile.postgres));
    this.kafka = this.store.add(new KafkaConnection(profile.kafka));
    // Jobs use the connections: disposed (cancelled and awaited) before them.
    this.jobs = this.store.add(new JobRegistry());
    this.queueLag = this.store.add(new QueueLagSampler(profile.id, profile.writeBehind, this.kafka, queueLagOptions));
    // The sampler writes into the history: stopped before the history's last save.
    this.statsHistory = this.store.add(new HistoryStore({ path: storage.statsHistoryPath, readOnly: storage.readOnly }));
    this.stats = this.store.add(new RedisStatsSampler(profile, this.redis, this.statsHistory, this.ownReads));
    // Disposed before the jobs: its timer starts no analysis on a closing session.
    this.keyAnalyses = this.store.add(new KeyspaceAnalyses(profile, this.redis, this.jobs, this.queueLag, this.ownReads, keyAnalysesOptions));
    // Saved after every watcher that feeds it has stopped.
    this.timeline = this.store.add(new TimelineLog({ ...storage.timeline, readOnly: storage.readOnly }));
    const connections: Record<ServiceName, RedisConnection | PostgresConnection | KafkaConnection> = {
      redis: this.redis,
      postgres: this.postgres,
      kafka: this.kafka,
    };
    // Added last so it is disposed first: no probe starts on a closing connection.
    this.health = this.store.add(new HealthMonitor(profile.id, connections, healthOptions));
    this.store.add(new TimelineRecorder(this.timeline, { health: this.health, stats: this.stats, queueLag: this.queueLag, keyAnalyses: this.keyAnalyses }));
    // A sampler that reads again is the first to know a service is back.
    this.store.add(
      this.stats.onSample((sample) => {
        if (sample.error === null) this.health.reportAnswered('redis');
      }),
    );
    this.store.add(
      this.queueLag.onSample((report) => {
        if (report.groups.length > 0) this.health.reportAnswered('kafka');
        const point = historyPointOf(report);
        if (point) void this.statsHistory.open().then((history) => recordQueuePoint(history, this.queueLag.intervalMs, point));
      }),
    );
  }

  /** Starts every watcher at once: health probes, the Redis stats, the write-behind queue. */
  async startWatching(): Promise<void> {
    this.health.start();
    this.queueLag.start();
    await this.stats.start();
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
