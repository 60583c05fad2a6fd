import type { TimelineEvent, TimelineKind } from '../../../../shared/contracts/timeline';

/** Where an event at `at` goes in a list sorted by time: after every event at or before it. */
function insertionIndex(events: readonly TimelineEvent[], at: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle]!.at <= at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Adds an event in time order (a note can be dated in the past); the list is changed in place. */
export function insertEvent(events: TimelineEvent[], event: TimelineEvent): void {
  events.splice(insertionIndex(events, event.at), 0, event);
}

/** The events the log keeps: none older than `maxAgeMs` before `now`, and only the newest `maxEvents`. */
export function pruneEvents(events: readonly TimelineEvent[], now: number, maxAgeMs: number, maxEvents: number): TimelineEvent[] {
  const oldest = insertionIndex(events, now - maxAgeMs - 1);
  return events.slice(Math.max(oldest, events.length - maxEvents));
}

export interface EventSelection {
  since?: number | undefined;
  until?: number | undefined;
  kinds?: readonly TimelineKind[] | undefined;
  limit: number;
}

/** The newest `limit` events in the window of the kinds asked for, oldest first; `truncated` when more matched. */
export function selectEvents(events: readonly TimelineEvent[], selection: EventSelection): { events: TimelineEvent[]; truncated: boolean } {
  const { since, until, kinds, limit } = selection;
  const wanted = kinds ? new Set(kinds) : null;
  const matching = events.filter(
    (e) => (since === undefined || e.at >= since) && (until === undefined || e.at <= until) && (!wanted || wanted.has(e.kind)),
  );
  return { events: matching.slice(-limit), truncated: matching.length > limit };
}

/** Two time-ordered lists as one, in time order (stable: the first list's event first at equal times). */
export function mergeByTime(first: readonly TimelineEvent[], second: readonly TimelineEvent[]): TimelineEvent[] {
  const merged: TimelineEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    if (j >= second.length || (i < first.length && first[i]!.at <= second[j]!.at)) merged.push(first[i++]!);
    else merged.push(second[j++]!);
  }
  return merged;
}
