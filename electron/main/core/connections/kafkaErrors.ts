import { AppError } from '../../../../shared/errors';
import { classifyConnectionError } from './classifyError';

interface KafkaErrorLike {
  type?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** kafkajs wraps the broker's answer in retry errors; the type names what the broker said. */
function kafkaErrorTypes(err: unknown): string[] {
  const types: string[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && types.length < 8) {
    const e = current as KafkaErrorLike;
    if (typeof e.type === 'string') types.push(e.type);
    current = e.cause ?? e.originalError;
  }
  return types;
}

export function isUnknownTopic(err: unknown): boolean {
  return kafkaErrorTypes(err).includes('UNKNOWN_TOPIC_OR_PARTITION');
}

/** A Kafka read failure as an AppError: a missing topic says so, anything else names the broker. */
export function kafkaReadError(err: unknown, target: string, topic?: string): AppError {
  if (topic !== undefined && isUnknownTopic(err)) {
    return new AppError('NOT_FOUND', `topic "${topic}" does not exist on ${target}`, { topic });
  }
  return classifyConnectionError('kafka', target, err);
}
