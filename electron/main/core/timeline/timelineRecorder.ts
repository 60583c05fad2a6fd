import type { HealthReport } from '../../../../shared/contract';
import type { StatsSample } from '../../../../shared/contracts/stats';
import type { LagReport } from '../../../../shared/contracts/writeBehind';
import { defaultHitRateAlert } from '../../../../shared/hitRateAlert';
import { analysisTimelineEvent } from '../analysis/analysisTimelineEvent';
import { deadLetterBursts, initialDeadLetterBursts, type DeadLetterBurstState } from '../analysis/deadLetterBursts';
import { hitRateCrossing, type HitRateAlertState } from '../analysis/hitRateCrossing';
import { initialMemoryPressure, memoryPressure, type MemoryPressureState } from '../analysis/memoryPressure';
import { queueStatusEvent } from '../analysis/queueStatusEvent';
import { serviceTransitions } from '../analysis/serviceTransitions';
import type { TimelineDraft } from '../analysis/timelineDraft';
import type { HealthMonitor } from '../health/healthMonitor';
import type { KeyspaceAnalyses } from '../keys/keyspaceAnalyses';
import { DisposableStore, type Disposable } from '../lifecycle/disposable';
import { log } from '../logging/logger';
import type { QueueLagSampler } from '../samplers/queueLagSampler';
import type { RedisStatsSampler } from '../samplers/redisStatsSampler';
import type { TimelineLog } from './timelineLog';

export interface TimelineSources {
  health: HealthMonitor;
  stats: RedisStatsSampler;
  queueLag: QueueLagSampler;
  keyAnalyses: KeyspaceAnalyses;
}

/**
 * Feeds a profile's timeline from what its watchers report: each report goes through the
 * detection rules (core/analysis), which keep the little state a crossing needs, and what they
 * find is added to the log. Only watches; it starts nothing.
 */
export class TimelineRecorder implements Disposable {
  private readonly store = new DisposableStore();
  private lastHealth: HealthReport | null = null;
  private hitRate: HitRateAlertState = null;
  private memory: MemoryPressureState = initialMemoryPressure;
  private deadLetters: DeadLetterBurstState = initialDeadLetterBursts;

  constructor(
    private readonly log: TimelineLog,
    sources: TimelineSources,
  ) {
    this.store.add(sources.health.onDidChange((report) => this.onHealth(report)));
    this.store.add(sources.stats.onSample((sample) => void this.onStats(sample)));
    this.store.add(sources.queueLag.onSample((report) => this.onQueue(report)));
    this.store.add(sources.queueLag.onStatusChange((change) => this.record([queueStatusEvent(change)])));
    this.store.add(
      sources.keyAnalyses.onChanged(() => {
        void sources.keyAnalyses.lastAnalysis().then((analysis) => analysis && this.record([analysisTimelineEvent(analysis)]));
      }),
    );
  }

  private onHealth(report: HealthReport): void {
    const drafts = serviceTransitions(this.lastHealth, report, Date.now());
    this.lastHealth = report;
    this.record(drafts);
  }

  private async onStats(sample: StatsSample): Promise<void> {
    const level = (await this.log.hitRateAlert()) ?? defaultHitRateAlert;
    const crossing = hitRateCrossing(this.hitRate, sample, level);
    this.hitRate = crossing.state;
    const pressure = memoryPressure(this.memory, sample);
    this.memory = pressure.state;
    this.record([crossing.draft, ...pressure.drafts]);
  }

  private onQueue(report: LagReport): void {
    const bursts = deadLetterBursts(this.deadLetters, report);
    this.deadLetters = bursts.state;
    this.record(bursts.drafts);
  }

  private record(drafts: readonly (TimelineDraft | null)[]): void {
    for (const draft of drafts) {
      if (draft) void this.log.add(draft).catch((err: unknown) => log.warn(`the timeline did not record "${draft.title}": ${(err as Error).message}`));
    }
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
