import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../../electron/main/core/core';
import type { ProfileInput } from '../../../shared/profile';
import { endpoints, type PipelineNames } from '../demo/support';
import { runCli, type CliRun } from '../support/runCli';

type ProfileParts = Omit<ProfileInput, 'id' | 'name'>;

/** A profile over the test's services and pipeline names, mapping `product:{id}` to the pipeline's schema. */
export function investigateProfile(names: PipelineNames, extra: Partial<ProfileParts> = {}): ProfileParts {
  const { redisUrl, databaseUrl, kafkaBrokers } = endpoints();
  return {
    redis: { url: redisUrl },
    postgres: { url: databaseUrl },
    kafka: { brokers: kafkaBrokers },
    writeBehind: { queueTopic: names.topic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic, flusherGroup: names.group, replayGroup: `${names.group}-replay` },
    namespaces: [{ keyPattern: 'product:{id}', table: 'products', schema: names.schema }],
    ...extra,
  };
}

/** A private user-data folder holding one profile ("inv"); `remove` deletes it. */
export function investigateHome(profile: ProfileParts) {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-investigate-'));
  writeFileSync(join(home, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'inv', name: 'Investigate test', ...profile }] }), { mode: 0o600 });
  return {
    home,
    core: () => Core.create({ frontEnd: 'cli', userDataDir: home, profileId: 'inv', env: {} }),
    cli: (args: string[]): Promise<CliRun> => runCli([...args, '--profile', 'inv'], { CACHESCOPE_HOME: home }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}
