import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HealthReport, ServiceName } from '../../../shared/contract';
import { serviceNames } from '../../../shared/contract';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';
import type { ConnectionState } from '../api/transport';

/** How many latency points each tile's sparkline keeps. */
export const latencyHistoryLength = 60;

export type LatencyPoint = [time: number, latencyMs: number | null];

function appendBounded(points: readonly LatencyPoint[], point: LatencyPoint): LatencyPoint[] {
  const next = points.length >= latencyHistoryLength ? points.slice(1) : points.slice();
  next.push(point);
  return next;
}

export const useHealthStore = defineStore('health', () => {
  const api = useApi();
  const report = shallowRef<HealthReport | null>(null);
  const latency = shallowRef<Record<ServiceName, LatencyPoint[]>>({ redis: [], postgres: [], kafka: [] });
  const link = ref<ConnectionState>('connecting');
  const error = ref<{ title: string; hint: string } | null>(null);
  let started = false;

  function apply(next: HealthReport): void {
    const sameProfile = report.value?.profileId === next.profileId;
    const history = { ...latency.value };
    for (const name of serviceNames) {
      const service = next[name];
      const previous = sameProfile ? history[name] : [];
      const last = previous.at(-1);
      // A report repeats a probe's result until the next probe: one point per probe.
      history[name] =
        service.checkedAt === null || last?.[0] === service.checkedAt
          ? previous
          : appendBounded(previous, [service.checkedAt, service.latencyMs]);
    }
    latency.value = history;
    report.value = next;
  }

  async function refresh(fresh = false): Promise<void> {
    try {
      apply(await api.invoke('health.check', { fresh }));
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Subscribes once for the page's lifetime; the store lives as long as the page. */
  function start(): void {
    if (started) return;
    started = true;
    api.on('health.changed', apply);
    api.onConnectionState((state) => {
      const reconnected = link.value === 'closed' && state === 'open';
      link.value = state;
      if (reconnected) void refresh();
    });
    void refresh();
  }

  return { report, latency, link, error, start, refresh };
});
