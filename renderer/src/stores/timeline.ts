import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import { timelineKinds, type TimelineEvent, type TimelineKind, type TimelineSeries } from '../../../shared/contracts/timeline';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';
import { download } from '../composables/download';

export const timelineRanges = [
  { key: '15m', label: '15 min', ms: 15 * 60_000 },
  { key: '1h', label: '1 h', ms: 3_600_000 },
  { key: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { key: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { key: '7d', label: '7 days', ms: 7 * 24 * 3_600_000 },
] as const;
export type TimelineRangeKey = (typeof timelineRanges)[number]['key'];

/** Events listed at most: the newest of the range. */
const eventLimit = 2_000;

type Message = { title: string; hint: string };

/**
 * The Timeline view's data: the range's events (live ones appended as they come) and the
 * series behind them, both from the core; which kinds are shown; the notes and exports the
 * user makes. The series are plain arrays outside Vue's reactivity.
 */
export const useTimelineStore = defineStore('timeline', () => {
  const api = useApi();
  const rangeKey = ref<TimelineRangeKey>('1h');
  const window = shallowRef({ from: Date.now() - 3_600_000, to: Date.now() });
  const events = shallowRef<TimelineEvent[]>([]);
  const truncated = ref(false);
  const series = shallowRef<TimelineSeries | null>(null);
  const shownKinds = ref<TimelineKind[]>([...timelineKinds]);
  const loading = ref(false);
  const error = ref<Message | null>(null);
  const annotateError = ref<Message | null>(null);
  const exportState = ref<{ running: boolean; error: Message | null; done: string | null }>({ running: false, error: null, done: null });
  let profileId: string | null = null;
  let started = false;
  let ticket = 0;

  const rangeMs = () => timelineRanges.find((r) => r.key === rangeKey.value)!.ms;

  async function load(): Promise<void> {
    const mine = ++ticket;
    const to = Date.now();
    const from = to - rangeMs();
    loading.value = true;
    try {
      const [page, { profileId: _seriesProfile, from: _from, to: _to, ...figures }] = await Promise.all([
        api.invoke('timeline.list', { since: from, until: to, limit: eventLimit }),
        api.invoke('timeline.series', { from, to }),
      ]);
      if (mine !== ticket) return;
      profileId = page.profileId;
      window.value = { from, to };
      events.value = markRaw(page.events);
      truncated.value = page.truncated;
      series.value = markRaw(figures);
      error.value = null;
    } catch (err) {
      if (mine === ticket) error.value = errorMessage(err);
    } finally {
      if (mine === ticket) loading.value = false;
    }
  }

  /** A live event joins the list in time order (a note may be dated in the past). */
  function onEvent(event: TimelineEvent): void {
    if (events.value.some((e) => e.id === event.id)) return;
    const next = [...events.value, event].sort((a, b) => a.at - b.at);
    events.value = markRaw(next.slice(-eventLimit));
    if (event.at > window.value.to) window.value = { from: window.value.from, to: event.at };
  }

  function start(): void {
    if (started) {
      void load();
      return;
    }
    started = true;
    api.on('timeline.event', (event) => {
      if (profileId !== null) onEvent(event);
    });
    api.on('profiles.changed', () => void load());
    api.onConnectionState((state) => {
      if (state === 'open' && profileId !== null) void load();
    });
    void load();
  }

  function setRange(key: TimelineRangeKey): void {
    rangeKey.value = key;
    void load();
  }

  function toggleKind(kind: TimelineKind): void {
    shownKinds.value = shownKinds.value.includes(kind) ? shownKinds.value.filter((k) => k !== kind) : [...shownKinds.value, kind];
  }

  async function annotate(text: string, at: number): Promise<boolean> {
    try {
      onEvent(await api.invoke('timeline.annotate', { text, at }));
      annotateError.value = null;
      return true;
    } catch (err) {
      annotateError.value = errorMessage(err);
      return false;
    }
  }

  async function exportIncident(from: number, to: number): Promise<void> {
    exportState.value = { running: true, error: null, done: null };
    try {
      const exported = await api.invoke('timeline.exportIncident', { from, to });
      download(exported.fileName, 'text/html', exported.html);
      exportState.value = { running: false, error: null, done: `${exported.fileName}: ${exported.events} events, ${exported.auditRecords} audited actions` };
    } catch (err) {
      exportState.value = { running: false, error: errorMessage(err), done: null };
    }
  }

  return { rangeKey, window, events, truncated, series, shownKinds, loading, error, annotateError, exportState, start, load, setRange, toggleKind, annotate, exportIncident };
});
