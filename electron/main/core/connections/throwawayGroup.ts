import type { Kafka } from 'kafkajs';

/**
 * Deletes a throwaway consumer group once its consumer left. It uses an admin client of its
 * own: it runs in cleanup paths, while the session may be closing its shared one. Failing
 * is harmless (an empty group without offsets only clutters listings until Kafka drops it).
 */
export async function deleteThrowawayGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // see above
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
