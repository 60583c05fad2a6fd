import type { IHeaders, Producer } from 'kafkajs';
import type { DeadLetter } from './queuedRecord';

/** `x-error` is for people; keep records small even when a driver error is a novel. */
const maxErrorLength = 1_000;

/**
 * The DLQ headers of docs/write-behind-conventions.md §3. Values are strings: offsets stay exact past 2^53, and
 * any tool (kcat, Spring, Connect) can show them. `x-failed-at` is ISO 8601 UTC.
 */
export function deadLetterHeaders(letter: DeadLetter, failedAt: Date): Record<string, string> {
  return {
    'x-error': letter.error.length > maxErrorLength ? `${letter.error.slice(0, maxErrorLength - 1)}…` : letter.error,
    'x-error-kind': letter.kind,
    'x-attempts': String(letter.attempts),
    'x-original-topic': letter.record.topic,
    'x-original-partition': String(letter.record.partition),
    'x-original-offset': letter.record.offset,
    'x-failed-at': failedAt.toISOString(),
  };
}

/**
 * The original headers travel along (a trace id stays a trace id), except earlier DLQ
 * headers: a replayed record that fails again describes its new failure, not its old one.
 */
export function carriedHeaders(original: IHeaders): IHeaders {
  const carried: IHeaders = {};
  for (const [name, value] of Object.entries(original)) {
    if (value !== undefined && !/^x-(error|error-kind|attempts|original-|failed-at)/.test(name)) carried[name] = value;
  }
  return carried;
}

/** Produces dead letters with the original key and value bytes; resolves once the broker acked all. */
export async function publishDeadLetters(
  producer: Producer,
  dlqTopic: string,
  letters: readonly DeadLetter[],
  now: () => Date = () => new Date(),
): Promise<void> {
  if (letters.length === 0) return;
  const failedAt = now();
  await producer.send({
    topic: dlqTopic,
    acks: -1,
    messages: letters.map((letter) => ({
      key: letter.record.key,
      value: letter.record.value,
      headers: { ...carriedHeaders(letter.record.headers), ...deadLetterHeaders(letter, failedAt) },
    })),
  });
}
