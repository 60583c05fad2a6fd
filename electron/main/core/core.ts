import type { AppInfo, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { AppError, toAppErrorData } from '../../../shared/errors';
import type { Profile } from '../../../shared/profile';
import { appHandlers } from './handlers/appHandlers';
import { healthHandlers } from './handlers/healthHandlers';
import { jobHandlers } from './handlers/jobHandlers';
import { investigateHandlers } from './handlers/investigateHandlers';
import { keysHandlers } from './handlers/keysHandlers';
import { writeBehindHandlers } from './handlers/writeBehindHandlers';
import { keysAnalysisHandlers } from './handlers/keysAnalysisHandlers';
import { keysAnalysisPath } from './keys/keysAnalysisFile';
import type { ScanPace } from './keys/analyzeKeyspace';
import { statsHandlers } from './handlers/statsHandlers';
import { historyIsReadOnly, statsHistoryPath, timelinePath } from './history/historyPath';
import { profileHandlers, profileList } from './handlers/profileHandlers';
import { auditHandlers } from './handlers/auditHandlers';
import { timelineHandlers } from './handlers/timelineHandlers';
import { controlHandlers } from './handlers/controlHandlers';
import { deadLetterHandlers } from './handlers/deadLetterHandlers';
import { replayHandlers } from './handlers/replayHandlers';
import { AuditLog, auditFilePath } from './audit/auditLog';
import type { HealthMonitorOptions } from './health/healthMonitor';
import type { TimelineLogOptions } from './timeline/timelineLog';
import type { QueueLagSamplerOptions } from './samplers/queueLagSampler';
import { type Disposable } from './lifecycle/disposable';
import { Emitter } from './lifecycle/emitter';
import { log } from './logging/logger';
import { loadProfiles, profilesFilePath, profilesFileWarnings } from './profiles/loadProfiles';
import { ProfileSession } from './profiles/profileSession';
import { defaultUserDataDir } from './profiles/userDataDir';
import { profileSecrets, scrubErrorsIn } from './analysis/scrubSecrets';
import { dispatch } from './rpc/dispatch';
import { auditTimelineEvent } from './analysis/auditTimelineEvent';
import type { CoreContext, Handlers } from './rpc/handlers';

export interface CoreEvent<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}

export interface CoreOptions {
  frontEnd: AppInfo['frontEnd'];
  env?: NodeJS.ProcessEnv;
  userDataDir?: string;
  /** Profile id to open first; defaults to "local". */
  profileId?: string;
  healthOptions?: HealthMonitorOptions;
  /** Write-behind sampling (tests shorten the interval and the status window). */
  queueLagOptions?: Partial<QueueLagSamplerOptions>;
  /** Keyspace analysis pacing (tests use small batches to see a scan in progress). */
  keysScanPace?: Partial<ScanPace>;
  /** The timeline's bounds and save interval (tests make them small). */
  timeline?: Pick<TimelineLogOptions, 'maxAgeMs' | 'maxEvents' | 'saveEveryMs'>;
}

/**
 * The core: plain Node, no Electron. Front ends call `invoke` with untrusted input
 * and forward `onEvent`; everything else stays inside.
 */
export class Core implements Disposable {
  private readonly events = new Emitter<CoreEvent>();
  private readonly handlers: Handlers;
  private readonly ctx: CoreContext;
  private current: ProfileSession;
  private sessionSubscription: Disposable;
  /** Set by startWatching: every profile opened from then on is watched from its start too. */
  private watching = false;
  private disposed = false;
  /** Every password of every profile: no error leaves the core carrying one. */
  private readonly secrets: readonly string[];
  private readonly auditSubscription: Disposable;

  readonly onEvent = this.events.event;

  private constructor(
    private readonly options: CoreOptions,
    readonly profilesFile: string,
    private readonly allProfiles: Profile[],
    first: Profile,
    /** What the user should fix in their setup (a profiles file others can read), for every front end to show. */
    readonly warnings: readonly string[],
  ) {
    this.secrets = [...new Set(allProfiles.flatMap(profileSecrets))].sort((a, b) => b.length - a.length);
    this.current = this.openSession(first);
    this.sessionSubscription = this.forwardSessionEvents(this.current);
    const ctx: CoreContext = {
      frontEnd: options.frontEnd,
      profilesFile,
      warnings,
      audit: new AuditLog(auditFilePath(options.userDataDir ?? defaultUserDataDir(options.env ?? process.env))),
      env: options.env ?? process.env,
      session: () => this.session(),
      profiles: () => this.allProfiles,
      selectProfile: (id) => this.selectProfile(id),
      emit: (name, payload) => this.events.fire({ name, payload: scrubErrorsIn(payload, this.secrets) } as CoreEvent),
    };
    this.ctx = ctx;
    // Every audited action of this profile, whichever control wrote it, is live on the timeline.
    this.auditSubscription = ctx.audit.onAppend((record) => {
      if (record.profileId === this.current.profile.id) ctx.emit('timeline.event', auditTimelineEvent(record));
    });
    this.handlers = {
      ...appHandlers(ctx),
      ...healthHandlers(ctx),
      ...profileHandlers(ctx),
      ...jobHandlers(ctx),
      ...writeBehindHandlers(ctx),
      ...statsHandlers(ctx),
      ...keysHandlers(ctx),
      ...investigateHandlers(ctx),
      ...keysAnalysisHandlers(ctx),
      ...controlHandlers(ctx),
      ...deadLetterHandlers(ctx),
      ...auditHandlers(ctx),
      ...timelineHandlers(ctx),
      ...replayHandlers(ctx),
    } satisfies Handlers;
  }

  static async create(options: CoreOptions): Promise<Core> {
    const env = options.env ?? process.env;
    const userDataDir = options.userDataDir ?? defaultUserDataDir(env);
    const file = profilesFilePath(userDataDir, env);
    const profiles = await loadProfiles(file, env);
    log.addSecrets(profiles.flatMap(profileSecrets));
    const warnings = await profilesFileWarnings(file);
    for (const warning of warnings) log.warn(warning);
    const wanted = options.profileId ?? 'local';
    const first = profiles.find((p) => p.id === wanted);
    if (!first) {
      throw new AppError('NOT_FOUND', `no profile "${wanted}" (known: ${profiles.map((p) => p.id).join(', ')})`);
    }
    return new Core(options, file, profiles, first, warnings);
  }

  async invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  async invoke(method: string, input: unknown): Promise<unknown>;
  async invoke(method: string, input: unknown): Promise<unknown> {
    if (this.disposed) throw new AppError('DISPOSED', 'CacheScope is shutting down');
    try {
      return scrubErrorsIn(await dispatch(this.handlers, method, input), this.secrets);
    } catch (err) {
      throw AppError.fromData(scrubErrorsIn(toAppErrorData(err), this.secrets));
    }
  }

  /**
   * Long-lived front ends (the window, serve mode) watch from start-up, so that the first
   * minutes are on the charts before anyone looks; otherwise samplers start with their first
   * watcher, and the CLI's one-shot verbs leave no timers behind.
   */
  async startWatching(): Promise<void> {
    this.watching = true;
    await this.session().startWatching();
  }

  session(): ProfileSession {
    if (this.disposed) throw new AppError('DISPOSED', 'CacheScope is shutting down');
    return this.current;
  }

  private openSession(profile: Profile): ProfileSession {
    const userDataDir = this.options.userDataDir ?? defaultUserDataDir(this.options.env ?? process.env);
    const storage = {
      statsHistoryPath: statsHistoryPath(userDataDir, profile.id),
      readOnly: historyIsReadOnly(this.options.frontEnd),
      timeline: { path: timelinePath(userDataDir, profile.id), ...this.options.timeline },
    };
    return new ProfileSession(profile, this.options.healthOptions, this.options.queueLagOptions, storage, {
      path: keysAnalysisPath(userDataDir, this.options.frontEnd, profile.id),
      ...(this.options.keysScanPace ? { pace: this.options.keysScanPace } : {}),
    });
  }

  private forwardSessionEvents(session: ProfileSession): Disposable {
    const subscriptions = [
      session.health.onDidChange((report) => this.ctx.emit('health.changed', report)),
      session.jobs.onProgress((job) => this.ctx.emit('job.progress', job)),
      session.queueLag.onSample((report) => this.ctx.emit('writeBehind.sample', report)),
      session.queueLag.onStatusChange((change) => this.ctx.emit('writeBehind.statusChanged', change)),
      session.stats.onSample((sample) => this.ctx.emit('metrics.sample', sample)),
      session.keyAnalyses.onChanged((change) => this.ctx.emit('keys.analysisChanged', change)),
      session.timeline.onEvent((event) => this.ctx.emit('timeline.event', event)),
    ];
    return { dispose: () => subscriptions.forEach((s) => void s.dispose()) };
  }

  private async selectProfile(id: string): Promise<void> {
    const next = this.allProfiles.find((p) => p.id === id);
    if (!next) throw new AppError('NOT_FOUND', `no profile "${id}"`);
    if (next.id === this.current.profile.id) return;
    const previous = this.current;
    const previousSubscription = this.sessionSubscription;
    this.current = this.openSession(next);
    this.sessionSubscription = this.forwardSessionEvents(this.current);
    if (this.watching) {
      void this.current.startWatching();
    } else {
      this.current.health.start();
      // Whoever watched the stats of the previous profile now watches this one's.
      if (previous.stats.isRunning) void this.current.stats.start();
    }
    await previousSubscription.dispose();
    await previous.dispose();
    this.ctx.emit('profiles.changed', profileList(this.ctx));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.sessionSubscription.dispose();
    await this.auditSubscription.dispose();
    this.ctx.audit.dispose();
    this.events.dispose();
    await this.current.dispose();
  }
}
