import type { IHeaders } from 'kafkajs';

/**
 * Headers a dead-letter queue adds to describe a failure (docs/write-behind-conventions.md §3):
 * CacheScope's, Spring Kafka's and Kafka Connect's. They describe the failed attempt, not the
 * write, so a replayed record goes back without them; a new failure writes fresh ones.
 */
const failureHeader = /^(?:x-error|x-error-kind|x-attempts|x-original-topic|x-original-partition|x-original-offset|x-failed-at|x-replay-of|x-replayed-at|kafka_dlt-.*|__connect\.errors\..*)$/;

function copyWithout(headers: IHeaders | undefined, dropped: (name: string) => boolean): IHeaders {
  const copy: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || dropped(name)) continue;
    copy[name] = value;
  }
  return copy;
}

/** `<dlq topic>/<partition>/<offset>`: where a replayed or parked record came from. */
export function deadLetterAddress(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}

/** The original record's headers (failure headers dropped) plus `x-replay-of` and `x-replayed-at`. */
export function replayHeaders(headers: IHeaders | undefined, replayOf: string, at: Date): IHeaders {
  return { ...copyWithout(headers, (name) => failureHeader.test(name)), 'x-replay-of': replayOf, 'x-replayed-at': at.toISOString() };
}

/** Every header as it was (the failure is why it is parked), plus the reason, the time and where it came from. */
export function parkHeaders(headers: IHeaders | undefined, reason: string, parkedFrom: string, at: Date): IHeaders {
  const kept = copyWithout(headers, (name) => name === 'x-parked-reason' || name === 'x-parked-at' || name === 'x-parked-from');
  return { ...kept, 'x-parked-reason': reason, 'x-parked-at': at.toISOString(), 'x-parked-from': parkedFrom };
}
