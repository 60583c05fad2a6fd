import type { Admin, Kafka } from 'kafkajs';
import type { WriteBehindConventions } from '../../../../shared/profile';
import { kafkaReadError } from '../connections/kafkaErrors';
import { readReplayCursor, type ReplayCursor } from './replayCursor';

/** What every DLQ read needs: the session's Kafka client and admin, and the profile's names. */
export interface DeadLetterSource {
  kafka: Kafka;
  admin: Admin;
  /** The brokers, without secrets, for messages. */
  target: string;
  conventions: Pick<WriteBehindConventions, 'dlqTopic' | 'replayGroup'>;
}

/** How long one read of the DLQ may take before it returns what it has. */
export const deadLetterReadTimeoutMs = 20_000;

/** The DLQ's offsets and replay cursor now; NOT_FOUND when the topic does not exist. */
export async function openCursor(source: DeadLetterSource): Promise<ReplayCursor> {
  const { dlqTopic, replayGroup } = source.conventions;
  try {
    return await readReplayCursor(source.kafka, source.admin, dlqTopic, replayGroup);
  } catch (err) {
    throw kafkaReadError(err, source.target, dlqTopic);
  }
}
