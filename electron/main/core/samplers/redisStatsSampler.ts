import type { StatsHistory, StatsSample } from '../../../../shared/contracts/stats';
import { toAppErrorData, type AppErrorData } from '../../../../shared/errors';
import type { Profile } from '../../../../shared/profile';
import { log } from '../logging/logger';
import { nodeInterval, type CounterReading, type IntervalOutcome } from '../analysis/hitRate';
import { trimIntervalReads, windowHitRates, type IntervalReads } from '../analysis/hitRateWindows';
import {
  namespaceInterval,
  namespaceStats,
  namespacesNote,
  profileNamespaces,
  type NamespaceInterval,
  type NamespaceReading,
} from '../analysis/namespaceStats';
import { noOwnReads, withoutOwnReads, type OwnReads } from '../analysis/ownReads';
import { OwnReadsLedger } from './ownReadsLedger';
import { countersFromInfo, levelsFromInfo, parseInfo, type NodeLevels } from '../analysis/redisInfo';
import { composeSample, mastersInterval, mastersLevels, type NodeView, type SampleParts } from '../analysis/statsSample';
import { classifyConnectionError } from '../connections/classifyError';
import type { RedisClient } from '../connections/redisClient';
import type { RedisConnection } from '../connections/redisConnection';
import type { HistoryStore } from '../history/historyStore';
import { queryStatsHistory, recordInterval, recordLevels } from '../history/statsSeries';
import type { Disposable } from '../lifecycle/disposable';
import { nextAlignedTick } from '../lifecycle/alignedTicks';
import { Emitter } from '../lifecycle/emitter';
import { withTimeout } from '../lifecycle/withTimeout';
import { isMultiSectionRefusal, readInfoSections } from './readInfo';
import { readNamespaceCounters } from './readNamespaceCounters';
import { currentNodes, expectedAddress, refreshTopology, type RedisNode } from './redisNodes';

/** The cheapest sections that hold what is shown: `stats` each interval, the levels less often. */
const counterSections = ['stats'] as const;
const levelSections = ['memory', 'clients', 'keyspace'] as const;

/** A cluster node missing this long was removed or moved: forget it rather than show it down forever. */
const forgetMissingNodeMs = 10 * 60_000;

/** A reading more than this many intervals after the previous one spans a gap: no difference across it. */
const maxGapIntervals = 2.5;

interface NodeRead {
  node: RedisNode;
  reading: CounterReading | null;
  levels: NodeLevels | null;
  error: AppErrorData | null;
}

interface KnownNode {
  role: RedisNode['role'];
  reading: CounterReading | undefined;
  levels: NodeLevels | null;
  lastSeenAt: number | null;
  /** Stands for the expected server until something answers (nothing is known yet). */
  placeholder: boolean;
}

interface Readings {
  reads: NodeRead[];
  /** The client could not even be had (refused, bad URL, no cluster node answered). */
  clientError: AppErrorData | null;
}

interface NamespaceFigures {
  readings: NamespaceReading[];
  note: string | null;
  ownReads: OwnReads;
}

/**
 * Reads Redis's own counters on a schedule aligned to the interval: `INFO stats` per node
 * each tick, `INFO memory clients keyspace` and the namespace counters each level interval.
 * It turns readings into per-interval rates (reset- and gap-aware, analysis/), feeds the
 * history and the hit-rate windows, and emits one sample per tick.
 *
 * It runs from the first `start()` (a front end watching) until the profile closes. A
 * one-off `snapshot` without it reads once and starts nothing: `cachescope stats` and
 * `health` leave no timers behind.
 */
export class RedisStatsSampler implements Disposable {
  private readonly sampled = new Emitter<StatsSample>();
  readonly onSample = this.sampled.event;
  readonly intervalMs: number;
  readonly levelIntervalMs: number;
  private readonly namespaces: string[];
  private readonly known = new Map<string, KnownNode>();
  private readonly intervalReads: IntervalReads[] = [];
  private readonly namespaceReadings = new Map<string, NamespaceReading>();
  /** Addresses of servers older than Redis 7 that take one INFO section per call. */
  private readonly singleSectionInfo = new Set<string>();
  private namespaceFigures: Pick<SampleParts, 'namespaces' | 'namespacesNote'> = { namespaces: [], namespacesNote: null };
  private lastLevelBucket = -1;
  private levelsAt: number | null = null;
  private latestSample: StatsSample | null = null;
  private starting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private tickInFlight: Promise<void> | undefined;
  /** The boundary the timer waits for. */
  private scheduledAt: number | null = null;
  private disposed = false;

  constructor(
    private readonly profile: Profile,
    private readonly redis: RedisConnection,
    private readonly history: HistoryStore,
    /** Keyspace reads CacheScope made (its namespace reads, analyses, key pages): not the application's. */
    private readonly ownReads: OwnReadsLedger = new OwnReadsLedger(),
  ) {
    this.intervalMs = profile.stats.intervalMs;
    this.levelIntervalMs = Math.max(profile.stats.levelIntervalMs, profile.stats.intervalMs);
    this.namespaces = profileNamespaces(profile.namespaces);
  }

  get isRunning(): boolean {
    return this.starting !== undefined && !this.disposed;
  }

  /** Starts sampling (idempotent), once the saved history is loaded. */
  start(): Promise<void> {
    this.starting ??= this.history.open().then(() => {
      if (!this.disposed) this.schedule();
    });
    return this.starting;
  }

  /** The running sampler's latest sample while it is fresh, else one reading now. */
  async snapshot(fresh: boolean): Promise<StatsSample> {
    const latest = this.latestSample;
    if (!fresh && latest && Date.now() - latest.at <= 2 * this.intervalMs) return latest;
    return this.readOnce();
  }

  async historyBetween(from: number, to: number): Promise<StatsHistory> {
    return queryStatsHistory(await this.history.open(), {
      profileId: this.profile.id,
      namespaces: this.namespaces,
      from,
      to,
      now: Date.now(),
      intervalMs: this.intervalMs,
      levelIntervalMs: this.levelIntervalMs,
    });
  }

  private get timeoutMs(): number {
    // Answer within the interval or count as down; ticks never pile up behind a stuck node.
    return Math.max(500, Math.min(0.8 * this.intervalMs, 5_000));
  }

  private schedule(): void {
    const now = Date.now();
    const next = nextAlignedTick(now, this.intervalMs, this.scheduledAt);
    this.scheduledAt = next;
    this.timer = setTimeout(() => {
      if (this.disposed) return;
      this.schedule();
      // A tick still waiting for a slow node makes this one skip: its bucket stays a gap.
      this.tickInFlight ??= this.tick(next)
        .catch((err: unknown) => log.warn(`stats sampling failed: ${toAppErrorData(err).message}`))
        .finally(() => {
          this.tickInFlight = undefined;
        });
    }, next - now);
  }

  private async tick(at: number): Promise<void> {
    const levelBucket = Math.floor(at / this.levelIntervalMs);
    const withLevels = levelBucket > this.lastLevelBucket;
    const readings = await this.readNodes(withLevels);
    if (this.disposed) return;
    const views = this.updateKnownNodes(readings, at);
    const measured = mastersInterval(views);
    const interval = measured && withoutOwnReads(measured, this.ownReads.take());
    if (interval) this.intervalReads.push({ at, hits: interval.hits, misses: interval.misses });
    trimIntervalReads(this.intervalReads, at);

    const history = await this.history.open();
    recordInterval(history, at, this.intervalMs, interval);
    if (withLevels) {
      this.lastLevelBucket = levelBucket;
      const namespaceIntervals = await this.refreshNamespaces();
      if (this.disposed) return;
      recordLevels(history, at, this.levelIntervalMs, mastersLevels(views), namespaceIntervals);
      if (views.some((v) => v.role === 'master' && v.error === null)) this.levelsAt = at;
    }
    const sample = composeSample(this.frame(at, this.levelsAt), {
      views,
      interval,
      windows: windowHitRates(this.intervalReads, at),
      ...this.namespaceFigures,
    });
    this.latestSample = sample;
    this.sampled.fire(sample);
  }

  /** One complete reading (counters, levels, namespaces) that leaves the running state alone. */
  private async readOnce(): Promise<StatsSample> {
    const at = Date.now();
    const { reads, clientError } = await this.readNodes(true);
    const views: NodeView[] = reads.map((read) =>
      this.view(read.node.address, read.node.role, read, read.reading ? { kind: 'first' } : null, read.reading ? at : null),
    );
    if (views.length === 0 && clientError) views.push(this.placeholderView(clientError));
    const figures = views.some((v) => v.error === null) ? await this.readNamespaces() : null;
    return composeSample(this.frame(at, reads.some((r) => r.levels) ? at : null), {
      views,
      interval: null,
      windows: { lastMinute: null, last5Minutes: null, lastHour: null },
      namespaces: figures?.readings.map((r) => namespaceStats(r, null)) ?? [],
      namespacesNote: figures?.note ?? null,
    });
  }

  private frame(at: number, levelsAt: number | null) {
    return { profileId: this.profile.id, mode: this.profile.redis.mode, at, intervalMs: this.intervalMs, levelsAt };
  }

  private async readNodes(withLevels: boolean): Promise<Readings> {
    let client: RedisClient;
    try {
      client = await this.redis.getClient();
    } catch (err) {
      return { reads: [], clientError: toAppErrorData(err) };
    }
    const nodes = currentNodes(client, this.profile.redis, this.redis.target);
    // A node without levels yet (new, or back from an outage) gets them now, not at the next level tick.
    const reads = await Promise.all(nodes.map((node) => this.readNode(node, withLevels || !this.known.get(node.address)?.levels)));
    // Topology moves slowly: re-read it at the level pace, for the next ticks.
    if (withLevels) refreshTopology(client);
    return { reads, clientError: null };
  }

  private async readNode(node: RedisNode, withLevels: boolean): Promise<NodeRead> {
    const sections = withLevels ? [...counterSections, ...levelSections] : [...counterSections];
    try {
      const text = await withTimeout(this.readSections(node, sections), this.timeoutMs, `Redis at ${node.address}`);
      const atMs = performance.now();
      const info = parseInfo(text);
      return {
        node,
        reading: { atMs, counters: countersFromInfo(info) },
        levels: withLevels ? levelsFromInfo(info) : null,
        error: null,
      };
    } catch (err) {
      const explained =
        this.profile.redis.mode === 'cluster'
          ? classifyConnectionError('redis', node.address, err)
          : this.redis.explainFailure(err);
      return { node, reading: null, levels: null, error: toAppErrorData(explained) };
    }
  }

  private async readSections(node: RedisNode, sections: readonly string[]): Promise<string> {
    const oneCall = !this.singleSectionInfo.has(node.address);
    try {
      return await readInfoSections(node.client, sections, oneCall);
    } catch (err) {
      if (!oneCall || sections.length === 1 || !isMultiSectionRefusal(err)) throw err;
      this.singleSectionInfo.add(node.address);
      return readInfoSections(node.client, sections, false);
    }
  }

  /**
   * Folds this tick's reads into what is known of each node and says what each did since
   * its previous reading. Cluster nodes that were not read (gone from the cluster's list)
   * stay visible as down for a while; the standalone or Sentinel master is the only node.
   */
  private updateKnownNodes({ reads, clientError }: Readings, at: number): NodeView[] {
    const views: NodeView[] = [];
    const maxGapMs = maxGapIntervals * this.intervalMs;
    if (reads.some((r) => r.error === null)) {
      for (const [address, known] of this.known) if (known.placeholder) this.known.delete(address);
    }
    for (const read of reads) {
      const { address, role } = read.node;
      const known = this.known.get(address) ?? { role, reading: undefined, levels: null, lastSeenAt: null, placeholder: false };
      let outcome: IntervalOutcome | null = null;
      known.role = role;
      if (read.reading) {
        outcome = nodeInterval(known.reading, read.reading, maxGapMs);
        known.reading = read.reading;
        known.lastSeenAt = at;
        known.levels = read.levels ?? known.levels;
      } else {
        known.levels = null;
      }
      this.known.set(address, known);
      views.push(this.view(address, role, { ...read, levels: known.levels }, outcome, known.lastSeenAt));
    }
    const missing: AppErrorData = clientError ?? {
      code: 'UNAVAILABLE',
      message: 'not connected: the node left the cluster or does not answer',
    };
    for (const [address, known] of this.known) {
      if (reads.some((r) => r.node.address === address)) continue;
      const replaced = this.profile.redis.mode !== 'cluster' && clientError === null;
      const forgotten = known.lastSeenAt !== null && at - known.lastSeenAt > forgetMissingNodeMs;
      if (replaced || forgotten) {
        this.known.delete(address);
        continue;
      }
      known.levels = null;
      views.push(this.view(address, known.role, { reading: null, levels: null, error: missing }, null, known.lastSeenAt));
    }
    if (views.length === 0 && clientError) {
      const placeholder = this.placeholderView(clientError);
      this.known.set(placeholder.address, { role: 'master', reading: undefined, levels: null, lastSeenAt: null, placeholder: true });
      views.push(placeholder);
    }
    return views;
  }

  private view(
    address: string,
    role: RedisNode['role'],
    read: Pick<NodeRead, 'reading' | 'levels' | 'error'>,
    outcome: IntervalOutcome | null,
    lastSeenAt: number | null,
  ): NodeView {
    return { address, role, error: read.error, lastSeenAt, counters: read.reading?.counters ?? null, outcome, levels: read.levels };
  }

  private placeholderView(error: AppErrorData): NodeView {
    const address = expectedAddress(this.profile.redis, this.redis.target);
    return this.view(address, 'master', { reading: null, levels: null, error }, null, null);
  }

  private async readNamespaces(): Promise<NamespaceFigures> {
    const prefix = this.profile.writeBehind.namespaceStatsPrefix;
    if (this.namespaces.length === 0) return { readings: [], note: namespacesNote([], 0, prefix), ownReads: noOwnReads };
    try {
      const client = await this.redis.getClient();
      const { readings, ownReads } = await withTimeout(
        readNamespaceCounters(client, prefix, this.namespaces, new Set(this.namespaceReadings.keys())),
        this.timeoutMs,
        `Redis namespace counters (${prefix}*)`,
      );
      return { readings, note: namespacesNote(this.namespaces, readings.length, prefix), ownReads };
    } catch {
      // Redis not answering is the sample's error already; the namespaces just have no figures.
      return { readings: [], note: null, ownReads: noOwnReads };
    }
  }

  private async refreshNamespaces(): Promise<NamespaceInterval[]> {
    const { readings, note, ownReads } = await this.readNamespaces();
    // Read after this tick's INFO: they land in the next interval's counters.
    this.ownReads.record(ownReads);
    // Only the namespaces read now count as seen: a vanished hash is looked up again next time.
    for (const namespace of this.namespaceReadings.keys()) {
      if (!readings.some((r) => r.namespace === namespace)) this.namespaceReadings.delete(namespace);
    }
    const maxGapMs = maxGapIntervals * this.levelIntervalMs;
    const intervals: NamespaceInterval[] = [];
    const stats = readings.map((reading) => {
      const interval = namespaceInterval(this.namespaceReadings.get(reading.namespace), reading, maxGapMs);
      this.namespaceReadings.set(reading.namespace, reading);
      if (interval) intervals.push(interval);
      return namespaceStats(reading, interval);
    });
    this.namespaceFigures = { namespaces: stats, namespacesNote: note };
    return intervals;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    await this.tickInFlight;
    this.sampled.dispose();
  }
}
