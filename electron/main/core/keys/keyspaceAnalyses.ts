import type { Redis } from 'ioredis';
import type { JobSnapshot } from '../../../../shared/contracts/jobs';
import {
  keysAnalyzeJobKind,
  KeysAnalyzeInputSchema,
  type KeysAnalysis,
  type KeysAnalyzeOptions,
  type KeysOverview,
  type KeysRisks,
} from '../../../../shared/contracts/keysAnalysis';
import { AppError, toAppErrorData } from '../../../../shared/errors';
import type { Profile } from '../../../../shared/profile';
import { ttlRisks } from '../analysis/ttlRisk';
import { isCluster } from '../connections/redisClient';
import { RespConnection, respEndpointOf } from '../connections/respConnection';
import type { RedisConnection } from '../connections/redisConnection';
import type { JobRegistry } from '../jobs/jobRegistry';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter } from '../lifecycle/emitter';
import type { QueueLagSampler } from '../samplers/queueLagSampler';
import { currentNodes } from '../samplers/redisNodes';
import type { OwnReadsLedger } from '../samplers/ownReadsLedger';
import { analyzeKeyspace, type ScanPace, type ScanTarget } from './analyzeKeyspace';
import { loadKeysAnalysis, saveKeysAnalysis } from './keysAnalysisFile';

export interface KeyspaceAnalysesOptions {
  /** Where the last analysis is kept; null keeps it in memory. */
  path: string | null;
  /** Scan pacing for tests and the benchmark. */
  pace?: Partial<ScanPace>;
  warn?: (message: string) => void;
}

/** The default re-analysis interval (Cluster: off, see profile.ts). */
const defaultReanalyzeMs = 15 * 60_000;
/** A re-analysis idles 4× the time each batch takes: a fifth of the pace of a manual one. */
const reanalysisIdleRatio = 4;

/**
 * One profile's keyspace analyses: starts the analysis job (a second request joins the running
 * one), keeps the last complete result (in the user data folder), judges it against the
 * write-behind time lag, and re-runs it, paced, on an interval while someone watches.
 */
export class KeyspaceAnalyses implements Disposable {
  private readonly changed = new Emitter<{ profileId: string; endedAt: number }>();
  readonly onChanged = this.changed.event;
  private loading: Promise<KeysAnalysis | null> | undefined;
  private last: KeysAnalysis | null = null;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly profile: Profile,
    private readonly redis: RedisConnection,
    private readonly jobs: JobRegistry,
    private readonly queueLag: QueueLagSampler,
    private readonly ownReads: OwnReadsLedger,
    private readonly options: KeyspaceAnalysesOptions,
  ) {
    this.warn = options.warn ?? ((message) => console.warn(`cachescope: ${message}`));
  }

  /** Milliseconds between paced re-analyses; 0 when off. */
  get reanalyzeIntervalMs(): number {
    const configured = this.profile.keysAnalysis.reanalyzeIntervalMs;
    if (configured !== undefined) return configured;
    return this.profile.redis.mode === 'cluster' ? 0 : defaultReanalyzeMs;
  }

  running(): JobSnapshot | null {
    return this.jobs.list().find((job) => job.kind === keysAnalyzeJobKind && job.state === 'running') ?? null;
  }

  /** Starts an analysis, or returns the one already running. */
  start(options: KeysAnalyzeOptions, pace: Partial<ScanPace> = {}): JobSnapshot {
    const running = this.running();
    if (running) return running;
    const what = options.match ? `keys matching ${options.match}` : 'every key';
    return this.jobs.start(keysAnalyzeJobKind, `Analyse ${what}: types, TTLs and memory by namespace`, async (job) => {
      const { targets, db, close } = await this.openTargets(options.db);
      try {
        const analysis = await analyzeKeyspace(
          { profileId: this.profile.id, db, targets, options, pace: { ...this.options.pace, ...pace }, ownReads: this.ownReads },
          job,
        );
        if (analysis.complete && !this.disposed) this.keep(analysis);
        return analysis;
      } finally {
        close();
      }
    });
  }

  async overview(): Promise<KeysOverview> {
    this.watch();
    return { analysis: await this.lastAnalysis(), running: this.running() };
  }

  async risks(): Promise<KeysRisks> {
    this.watch();
    this.queueLag.start();
    const analysis = await this.lastAnalysis();
    const lags = (this.queueLag.latest()?.groups ?? []).map((g) => g.maxTimeLagMs).filter((lag): lag is number => lag !== null);
    const timeLagMs = lags.length > 0 ? Math.max(...lags) : null;
    return { analyzedAt: analysis?.endedAt ?? null, timeLagMs, risks: ttlRisks(analysis?.namespaces ?? [], timeLagMs) };
  }

  lastAnalysis(): Promise<KeysAnalysis | null> {
    const { path } = this.options;
    this.loading ??= path ? loadKeysAnalysis(path, this.warn).then((saved) => this.last ?? saved) : Promise.resolve(null);
    return this.loading.then((loaded) => this.last ?? loaded);
  }

  /** Someone watches: re-analyse on the interval (idempotent; off at 0). */
  private watch(): void {
    const interval = this.reanalyzeIntervalMs;
    if (this.timer || this.disposed || interval <= 0) return;
    // Checked every minute at most, so a long interval still starts on time after a manual run.
    this.timer = setInterval(() => void this.reanalyzeIfDue(interval), Math.min(interval, 60_000));
  }

  private async reanalyzeIfDue(interval: number): Promise<void> {
    const last = await this.lastAnalysis();
    if (this.disposed || this.running() || (last && Date.now() - last.endedAt < interval)) return;
    const options = last
      ? KeysAnalyzeInputSchema.parse({
          ...(last.match ? { match: last.match } : {}),
          db: last.db,
          delimiter: last.delimiter,
          depth: last.depth,
          samples: last.samples,
        })
      : KeysAnalyzeInputSchema.parse({});
    try {
      this.start(options, { idleRatio: reanalysisIdleRatio });
    } catch (err) {
      this.warn(`the periodic keys analysis did not start: ${toAppErrorData(err).message}`);
    }
  }

  private keep(analysis: KeysAnalysis): void {
    this.last = analysis;
    const { path } = this.options;
    if (path) {
      this.saving = this.saving
        .then(() => saveKeysAnalysis(path, analysis))
        .catch((err: unknown) => this.warn(`cannot save the keys analysis ${path}: ${(err as Error).message}`));
    }
    this.changed.fire({ profileId: analysis.profileId, endedAt: analysis.endedAt });
  }

  /**
   * Connections of the job's own, one per master: the analysis pipelines its reads, and the
   * shared client's samplers must not queue behind them. Selected on the analysed database.
   */
  private async openTargets(db: number | undefined): Promise<{ targets: ScanTarget[]; db: number; close: () => void }> {
    const client = await this.redis.getClient();
    const cluster = isCluster(client);
    if (cluster && db !== undefined && db !== 0) throw new AppError('INVALID_INPUT', `a Redis Cluster has only database 0, not ${db}`);
    const masters = currentNodes(client, this.profile.redis, this.redis.target).filter((n) => n.role === 'master');
    if (masters.length === 0) throw new AppError('UNAVAILABLE', `no Redis master is known at ${this.redis.target} yet`);
    const chosenDb = cluster ? 0 : (db ?? (client as Redis).options.db ?? 0);
    const targets: ScanTarget[] = [];
    const close = () => targets.forEach((t) => t.connection.dispose());
    const endpointOptions = { viaSentinel: this.profile.redis.mode === 'sentinel', db: chosenDb, name: 'cachescope-keys-analysis' };
    try {
      for (const master of masters) {
        const connection = await RespConnection.open(respEndpointOf(master.client, master.address, endpointOptions));
        targets.push({ address: master.address, connection });
      }
    } catch (err) {
      close();
      throw err instanceof AppError ? err : this.redis.explainFailure(err);
    }
    return { targets, db: chosenDb, close };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.timer);
    await this.saving;
    this.changed.dispose();
  }
}
