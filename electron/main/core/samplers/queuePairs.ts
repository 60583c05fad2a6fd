import type { Admin } from 'kafkajs';
import { AppError } from '../../../../shared/errors';
import type { WriteBehindConventions } from '../../../../shared/profile';
import { kafkaReadError } from '../connections/kafkaErrors';
import type { QueuePair } from './queueOffsets';

/** The flusher group on the queue topic: the pair whose lag the SLA is about. */
export function queuePair(conventions: WriteBehindConventions): QueuePair {
  return { groupId: conventions.flusherGroup, topic: conventions.queueTopic };
}

/** The replay cursor on the DLQ: its lag is the number of dead letters not replayed yet. */
export function dlqPair(conventions: WriteBehindConventions): QueuePair {
  return { groupId: conventions.replayGroup, topic: conventions.dlqTopic };
}

export interface PairRequest {
  group?: string;
  topic?: string;
}

/**
 * The pairs a person asked for: a group defaults to the profile's flusher group, a topic
 * to the one the profile pairs with that group, else to every topic the group committed
 * offsets on. A group named explicitly must exist.
 */
export async function resolvePairs(
  admin: Admin,
  conventions: WriteBehindConventions,
  request: PairRequest,
  target: string,
): Promise<QueuePair[]> {
  const groupId = request.group ?? conventions.flusherGroup;
  const conventional: Record<string, string> = {
    [conventions.flusherGroup]: conventions.queueTopic,
    [conventions.replayGroup]: conventions.dlqTopic,
  };
  let committedTopics: string[] | undefined;
  if (request.group !== undefined) {
    const [description, offsets] = await Promise.all([
      admin.describeGroups([groupId]),
      admin.fetchOffsets({ groupId }),
    ]).catch((err: unknown) => {
      throw kafkaReadError(err, target);
    });
    committedTopics = offsets.filter((t) => t.partitions.some((p) => Number(p.offset) >= 0)).map((t) => t.topic);
    // Kafka answers "Dead" for a group it does not know; an empty group with offsets still exists.
    if (description.groups[0]?.state === 'Dead' && committedTopics.length === 0) {
      throw new AppError('NOT_FOUND', `consumer group "${groupId}" does not exist on ${target}`, { group: groupId });
    }
  }
  const topics = request.topic ? [request.topic] : conventional[groupId] ? [conventional[groupId]] : (committedTopics ?? []);
  if (topics.length === 0) {
    throw new AppError('NOT_FOUND', `consumer group "${groupId}" has committed no offsets yet: name its topic`, { group: groupId });
  }
  return topics.map((topic) => ({ groupId, topic }));
}
