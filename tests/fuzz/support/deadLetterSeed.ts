import kafkajs from 'kafkajs';
import type { ServiceEndpoints } from '../../../scripts/services/index';
import { createDeadLetterTopic, hostileDeadLetters } from '../../integration/deadLetters/fixtures';

/**
 * Fills the fuzz profile's DLQ with hostile dead letters, so that every fuzzed call of the
 * DLQ browser that passes validation reads and decodes them through serve mode. The
 * profile's cleanUp deletes the topic with its others.
 */
export async function seedDeadLetters(endpoints: ServiceEndpoints, dlqTopic: string): Promise<void> {
  const kafka = new kafkajs.Kafka({ brokers: endpoints.kafkaBrokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await createDeadLetterTopic(admin, dlqTopic, 2);
    await producer.send({ topic: dlqTopic, acks: -1, messages: hostileDeadLetters });
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
}
