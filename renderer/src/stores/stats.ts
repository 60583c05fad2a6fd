import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, watch } from 'vue';
import type { StatsSample } from '../../../shared/contracts/stats';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';
import type { MetricPoints } from '../charts/cacheCharts';
import { appendSample, emptyMetricPoints, metricPointsOf } from '../charts/liveSeries';
import { defaultHitRateAlert, isAlertRatio } from '../../../shared/hitRateAlert';

export const statsRanges = [
  { key: '5m', label: '5 min', ms: 5 * 60_000 },
  { key: '15m', label: '15 min', ms: 15 * 60_000 },
  { key: '1h', label: '1 h', ms: 3_600_000 },
  { key: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { key: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { key: '7d', label: '7 days', ms: 7 * 24 * 3_600_000 },
] as const;
export type StatsRangeKey = (typeof statsRanges)[number]['key'];

const rangeStorageKey = 'cachescope.stats.range';
const alertStorageKey = 'cachescope.stats.hitRateAlert';

function savedRange(): StatsRangeKey {
  const saved = localStorage.getItem(rangeStorageKey);
  return statsRanges.find((r) => r.key === saved)?.key ?? '15m';
}

function savedAlert(): number {
  const raw = localStorage.getItem(alertStorageKey);
  const saved = raw === null || raw.trim() === '' ? NaN : Number(raw);
  return isAlertRatio(saved) ? saved : defaultHitRateAlert;
}

/**
 * Redis stats for the views: the latest sample (tiles, tables) and the charts' points. The
 * points are columns of doubles outside Vue's reactivity (days of data must not become proxies);
 * `revision` says when they changed. Ranges up to an hour follow each sample live; longer
 * ones, at 10 s or 1 min resolution, are fetched again every few of their steps.
 */
export const useStatsStore = defineStore('stats', () => {
  const api = useApi();
  const latest = shallowRef<StatsSample | null>(null);
  const rangeKey = ref<StatsRangeKey>(savedRange());
  const points = shallowRef<MetricPoints>(markRaw(emptyMetricPoints()));
  const window = shallowRef({ from: Date.now() - 15 * 60_000, to: Date.now() });
  const revision = ref(0);
  const hitRateAlert = ref(savedAlert());
  const error = ref<{ title: string; hint: string } | null>(null);
  /** What the charts' points came from: whose, and how far apart. */
  let history: { profileId: string; stepMs: number } | null = null;
  let fetchedAt = 0;
  let fetches = 0;
  /**
   * Samples that arrive while a history is on its way, which it may not hold (it was read
   * before them): charted on top of it when it lands. A fetch takes moments; the cap only
   * keeps a stuck one from growing this.
   */
  let arrivedDuringFetch: StatsSample[] | null = null;
  let started = false;

  const rangeMs = () => statsRanges.find((r) => r.key === rangeKey.value)!.ms;

  async function loadHistory(): Promise<void> {
    const ticket = ++fetches;
    arrivedDuringFetch = [];
    const to = Date.now();
    try {
      const result = await api.invoke('stats.history', { from: to - rangeMs(), to });
      if (ticket !== fetches) return; // a newer range or profile asked since
      history = { profileId: result.profileId, stepMs: result.series.opsPerSec.stepMs };
      fetchedAt = to;
      const fetched = markRaw(metricPointsOf(result.series));
      window.value = { from: result.from, to: result.to };
      for (const sample of arrivedDuringFetch ?? []) {
        if (sample.profileId === result.profileId && follows(sample)) appendLive(fetched, sample);
      }
      points.value = fetched;
      revision.value++;
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      if (ticket === fetches) arrivedDuringFetch = null;
    }
  }

  /** Fine ranges follow samples point by point; coarse ones are refetched now and then. */
  function follows(sample: StatsSample): boolean {
    return history !== null && history.stepMs <= sample.intervalMs;
  }

  function appendLive(target: MetricPoints, sample: StatsSample): void {
    const from = sample.at - rangeMs();
    appendSample(target, sample, from);
    window.value = { from, to: sample.at };
  }

  function onSample(sample: StatsSample): void {
    if (history && sample.profileId !== history.profileId) return;
    latest.value = sample;
    if (arrivedDuringFetch && arrivedDuringFetch.length < 600) arrivedDuringFetch.push(sample);
    if (follows(sample)) {
      appendLive(points.value, sample);
      revision.value++;
    } else if (history && Date.now() - fetchedAt > Math.max(history.stepMs, rangeMs() / 2_000)) {
      void loadHistory();
    }
  }

  async function watchProfile(): Promise<void> {
    tellCore(hitRateAlert.value);
    try {
      await api.invoke('stats.watch', {});
      latest.value = await api.invoke('stats.snapshot', {});
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    }
    await loadHistory();
  }

  /** Subscribes once for the page's lifetime and asks the core to sample. */
  function start(): void {
    if (started) return;
    started = true;
    api.on('metrics.sample', onSample);
    api.on('profiles.changed', () => {
      latest.value = null;
      history = null;
      void watchProfile();
    });
    api.onConnectionState((state) => {
      // Serve mode restarted: its new core samples only once asked again.
      if (state === 'open' && latest.value) void watchProfile();
    });
    void watchProfile();
  }

  function setRange(key: StatsRangeKey): void {
    rangeKey.value = key;
    void loadHistory();
  }

  function setHitRateAlert(ratio: number): void {
    if (isAlertRatio(ratio)) hitRateAlert.value = ratio;
  }

  watch(rangeKey, (key) => localStorage.setItem(rangeStorageKey, key));
  /** The core judges the timeline's hit-rate alerts on the same level as the views. */
  const tellCore = (ratio: number) => void api.invoke('timeline.setHitRateAlert', { ratio }).catch(() => undefined);
  watch(hitRateAlert, (ratio) => {
    localStorage.setItem(alertStorageKey, String(ratio));
    tellCore(ratio);
  });

  return { latest, rangeKey, points, window, revision, hitRateAlert, error, start, setRange, setHitRateAlert };
});
