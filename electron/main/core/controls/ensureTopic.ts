import type { Admin, ITopicConfig } from 'kafkajs';

function alreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: Array<{ type?: string }> };
  if (e.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS');
}

/**
 * Creates a topic CacheScope writes (the parking topic, the replay ledger) when missing. A
 * race with another creator (another CacheScope) answers TOPIC_ALREADY_EXISTS: the topic is there.
 */
export async function ensureTopic(admin: Admin, topics: readonly string[], config: ITopicConfig): Promise<void> {
  if (topics.includes(config.topic)) return;
  try {
    await admin.createTopics({ topics: [config], waitForLeaders: true });
  } catch (err) {
    if (!alreadyExists(err)) throw err;
  }
}
