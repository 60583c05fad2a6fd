import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { ServiceEndpoints } from '../../../scripts/services/index';
import type { ProfileInput } from '../../../shared/profile';

export interface FuzzProfile {
  /** CACHESCOPE_PROFILES for the process under test. */
  file: string;
  profile: ProfileInput;
  /** Deletes the topics a fuzzed flush may have created on the shared Kafka. */
  cleanUp(): Promise<void>;
}

/**
 * A profile on the shared services whose write-behind names are private: a fuzz case that
 * happens to be a valid `writeBehind.flush` publishes to a topic nobody else reads.
 */
export function fuzzProfile(endpoints: ServiceEndpoints): FuzzProfile {
  const prefix = `cachescope-fuzz-${randomUUID().slice(0, 8)}`;
  const profile: ProfileInput = {
    id: 'fuzz',
    name: 'Fuzz',
    redis: { url: endpoints.redisUrl },
    postgres: { url: endpoints.databaseUrl },
    kafka: { brokers: endpoints.kafkaBrokers },
    writeBehind: {
      queueTopic: `${prefix}.writes`,
      dlqTopic: `${prefix}.writes.dlq`,
      controlTopic: `${prefix}.control`,
      flusherGroup: `${prefix}-flusher`,
      replayGroup: `${prefix}-replay`,
    },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'cachescope-fuzz-profiles-')), 'profiles.json');
  writeFileSync(file, JSON.stringify({ profiles: [profile] }));
  return {
    file,
    profile,
    cleanUp: async () => {
      const admin = new kafkajs.Kafka({ brokers: endpoints.kafkaBrokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
        if (ours.length > 0) await admin.deleteTopics({ topics: ours });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
