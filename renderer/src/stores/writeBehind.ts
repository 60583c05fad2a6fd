import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import type { FlushAckEvent, LagHistoryPoint, LagReport, StatusChange } from '../../../shared/contracts/writeBehind';
import { lastKnownQueue, type LastKnownQueue } from '../../../shared/lastKnownQueue';
import { historyPointOf, withHistoryPoint } from '../../../shared/lagHistory';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

/** Chart points kept (15 minutes at one sample a second), as the core keeps them. */
export const keptHistoryPoints = 900;
/** Status changes listed. */
export const keptStatusChanges = 50;

const flushKind = 'writeBehind.flush';

export const useWriteBehindStore = defineStore('writeBehind', () => {
  const api = useApi();
  const report = shallowRef<LagReport | null>(null);
  /** The queue as last read; older than `report` while Kafka cannot be read (see `stale`). */
  const lastKnown = shallowRef<LastKnownQueue | null>(null);
  const history = shallowRef<LagHistoryPoint[]>([]);
  const changes = shallowRef<StatusChange[]>([]);
  /** The latest flush job of this page, and the acks it received as they arrived. */
  const flushJob = shallowRef<JobSnapshot | null>(null);
  const flushAcks = shallowRef<FlushAckEvent[]>([]);
  const error = ref<{ title: string; hint: string } | null>(null);
  const flushError = ref<{ title: string; hint: string } | null>(null);
  let started = false;

  async function loadPast(): Promise<void> {
    try {
      const [past, recorded, jobs] = await Promise.all([
        api.invoke('writeBehind.history', {}),
        api.invoke('writeBehind.events', { limit: keptStatusChanges }),
        api.invoke('job.list', {}),
      ]);
      history.value = past.points.slice(-keptHistoryPoints);
      changes.value = recorded.events;
      const latestFlush = jobs.jobs.find((job) => job.kind === flushKind);
      if (latestFlush && latestFlush.id !== flushJob.value?.id) {
        flushJob.value = latestFlush;
        flushAcks.value = [];
      }
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  function applyReport(next: LagReport): void {
    const otherProfile = report.value !== null && report.value.profileId !== next.profileId;
    report.value = next;
    lastKnown.value = lastKnownQueue(otherProfile ? null : lastKnown.value, next);
    error.value = null;
    if (otherProfile) {
      history.value = [];
      changes.value = [];
      flushJob.value = null;
      flushAcks.value = [];
      void loadPast();
      return;
    }
    const point = historyPointOf(next);
    if (point) history.value = withHistoryPoint(history.value, point, keptHistoryPoints);
  }

  function applyChange(change: StatusChange): void {
    if (changes.value.some((c) => c.id === change.id)) return;
    changes.value = [...changes.value.slice(-(keptStatusChanges - 1)), change];
  }

  function applyJob(job: JobSnapshot): void {
    if (job.kind !== flushKind) return;
    if (job.id !== flushJob.value?.id) flushAcks.value = [];
    flushJob.value = job;
  }

  function applyAck(ack: FlushAckEvent): void {
    if (ack.jobId !== flushJob.value?.id || flushAcks.value.some((a) => a.id === ack.id)) return;
    flushAcks.value = [...flushAcks.value, ack];
  }

  async function refresh(): Promise<void> {
    try {
      applyReport(await api.invoke('writeBehind.lag', {}));
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Subscribes once for the page's lifetime; the first call also starts the core's sampler. */
  function start(): void {
    if (started) return;
    started = true;
    api.on('writeBehind.sample', applyReport);
    api.on('writeBehind.statusChanged', applyChange);
    api.on('writeBehind.flushAck', applyAck);
    api.on('job.progress', applyJob);
    void refresh().then(loadPast);
  }

  async function flush(): Promise<void> {
    flushError.value = null;
    try {
      applyJob(await api.invoke('writeBehind.flush', {}));
    } catch (err) {
      flushError.value = errorMessage(err);
    }
  }

  async function cancelFlush(): Promise<void> {
    const job = flushJob.value;
    if (!job || job.state !== 'running') return;
    try {
      applyJob(await api.invoke('job.cancel', { id: job.id }));
    } catch (err) {
      flushError.value = errorMessage(err);
    }
  }

  /** The queue shown is the last one read, not the latest report's (which could not read it). */
  const stale = computed(() => lastKnown.value !== null && report.value !== null && report.value.groups.length === 0);

  return { report, lastKnown, stale, history, changes, flushJob, flushAcks, error, flushError, start, refresh, flush, cancelFlush };
});
