import { randomUUID } from 'node:crypto';
import { eventDetailMaxLength, eventTitleMaxLength, timelineMaxAgeMs, timelineMaxEvents, type TimelineEvent } from '../../../../shared/contracts/timeline';
import { AppError } from '../../../../shared/errors';
import { insertEvent, pruneEvents, selectEvents, type EventSelection } from '../analysis/timelineWindow';
import type { TimelineDraft } from '../analysis/timelineDraft';
import { SingleWriterStore, type StoredFormat } from '../history/singleWriterStore';
import { DisposableStore, type Disposable } from '../lifecycle/disposable';
import { Emitter } from '../lifecycle/emitter';
import { loadTimelineFile, saveTimelineFile, type StoredTimeline } from './timelineFile';

export interface TimelineLogOptions {
  /** Where the timeline is saved; null keeps it in memory. */
  path: string | null;
  /** Read the saved timeline without ever writing it (the CLI). */
  readOnly?: boolean;
  maxAgeMs?: number;
  maxEvents?: number;
  saveEveryMs?: number;
  warn?: (message: string) => void;
}

const clamp = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const timelineFormat: StoredFormat<StoredTimeline> = {
  what: 'timeline',
  load: (path, warn) => (path ? loadTimelineFile(path, warn) : Promise.resolve({ settings: { hitRateAlert: null }, events: [] })),
  save: (path, timeline) => saveTimelineFile(path, timeline, Date.now()),
};

/**
 * One profile's event log: what the detection rules saw and the user's notes, in time order,
 * bounded by age (7 days) and count (the newest 20,000 kept), saved beside the history by one
 * process at a time. Audited actions are not copied here: they are read from the audit log.
 */
export class TimelineLog implements Disposable {
  private readonly store = new DisposableStore();
  private readonly file: SingleWriterStore<StoredTimeline>;
  private readonly added = new Emitter<TimelineEvent>();
  readonly onEvent = this.added.event;
  readonly maxAgeMs: number;
  readonly maxEvents: number;

  constructor(private readonly options: TimelineLogOptions) {
    this.maxAgeMs = options.maxAgeMs ?? timelineMaxAgeMs;
    this.maxEvents = options.maxEvents ?? timelineMaxEvents;
    this.store.add(this.added);
    this.file = this.store.add(
      new SingleWriterStore(timelineFormat, {
        path: options.path,
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(options.saveEveryMs !== undefined ? { saveEveryMs: options.saveEveryMs } : {}),
        ...(options.warn ? { warn: options.warn } : {}),
      }),
    );
  }

  private async opened(): Promise<StoredTimeline> {
    const timeline = await this.file.open();
    timeline.events = pruneEvents(timeline.events, Date.now(), this.maxAgeMs, this.maxEvents);
    return timeline;
  }

  /**
   * Adds an event, keeps the log within its bounds, and tells the listeners. Titles and
   * details are cut to the contract's lengths: a server's error message has no bound of its own.
   */
  async add(draft: TimelineDraft): Promise<TimelineEvent> {
    const event: TimelineEvent = {
      id: `${draft.kind}-${randomUUID()}`,
      ...draft,
      title: clamp(draft.title, eventTitleMaxLength),
      detail: draft.detail === null ? null : clamp(draft.detail, eventDetailMaxLength),
    };
    const timeline = await this.opened();
    insertEvent(timeline.events, event);
    timeline.events = pruneEvents(timeline.events, Date.now(), this.maxAgeMs, this.maxEvents);
    this.added.fire(event);
    return event;
  }

  /** The user's note: dated now or in the kept past, never in the future; saved at once. */
  async annotate(text: string, at: number | undefined, now = Date.now()): Promise<TimelineEvent> {
    const when = at ?? now;
    if (when > now + 60_000) throw new AppError('INVALID_INPUT', 'a note cannot be dated in the future');
    if (when < now - this.maxAgeMs) throw new AppError('INVALID_INPUT', `a note older than the timeline keeps (${Math.round(this.maxAgeMs / 86_400_000)} days) would be dropped at once`);
    const event = await this.add({ kind: 'annotation', at: Math.min(when, now), severity: 'info', title: text, detail: null, route: '/timeline', source: 'you' });
    await this.file.save();
    return event;
  }

  async list(selection: EventSelection): Promise<{ events: TimelineEvent[]; truncated: boolean }> {
    return selectEvents((await this.opened()).events, selection);
  }

  async hitRateAlert(): Promise<number | null> {
    return (await this.opened()).settings.hitRateAlert;
  }

  async setHitRateAlert(ratio: number): Promise<void> {
    (await this.opened()).settings.hitRateAlert = ratio;
  }

  save(): Promise<void> {
    return this.file.save();
  }

  get isWriter(): boolean {
    return this.file.isWriter;
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
