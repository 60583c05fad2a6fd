import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import type { LagReport } from '../../../shared/contracts/writeBehind';
import type { ProfileInput, WriteBehindConventions } from '../../../shared/profile';
import { Core, type CoreEvent } from '../../../electron/main/core/core';
import type { QueueLagSamplerOptions } from '../../../electron/main/core/samplers/queueLagSampler';
import { endpoints, waitFor, type PipelineNames } from '../demo/support';
import { runCli, type CliRun } from '../support/runCli';

export type Conventions = Partial<WriteBehindConventions>;
/** What else a test's profile says (its namespace mappings, say). */
export type ProfileExtras = Pick<ProfileInput, 'namespaces'>;

/** The write-behind names of a demo pipeline, as a profile spells them. */
export function conventionsOf(names: PipelineNames): Conventions {
  return { queueTopic: names.topic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic, flusherGroup: names.group };
}

/** A profiles file with one profile (`id`, "wb" by default) over the test's services and names; `dispose` removes it. */
export function profilesFile(writeBehind: Conventions, id = 'wb', extras: ProfileExtras = {}): { home: string; file: string; dispose(): void } {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-wb-'));
  const file = join(home, 'profiles.json');
  const { redisUrl, databaseUrl, kafkaBrokers } = endpoints();
  const profile = { redis: { url: redisUrl }, postgres: { url: databaseUrl }, kafka: { brokers: kafkaBrokers }, writeBehind, ...extras };
  // Private, as a user's file with passwords should be: no setup warning in the UI under test.
  writeFileSync(file, JSON.stringify({ profiles: [{ id, name: 'Write-behind test', ...profile }] }), { mode: 0o600 });
  return { home, file, dispose: () => rmSync(home, { recursive: true, force: true }) };
}

/** A core on the "wb" profile, with the events it emitted. */
export async function startCore(
  writeBehind: Conventions,
  queueLagOptions: Partial<QueueLagSamplerOptions> = {},
  extras: ProfileExtras = {},
): Promise<{ core: Core; events: CoreEvent[]; dispose(): Promise<void> }> {
  const profiles = profilesFile(writeBehind, 'wb', extras);
  const core = await Core.create({ frontEnd: 'cli', userDataDir: profiles.home, profileId: 'wb', env: {}, queueLagOptions });
  const events: CoreEvent[] = [];
  const subscription = core.onEvent((event) => events.push(event));
  return {
    core,
    events,
    async dispose() {
      await subscription.dispose();
      await core.dispose();
      profiles.dispose();
    },
  };
}

/** Waits for a published report that satisfies `check`. */
export async function waitForReport(core: Core, check: (report: LagReport) => boolean, timeoutMs: number, what: string): Promise<LagReport> {
  let found: LagReport | undefined;
  await waitFor(
    () => {
      const latest = core.session().queueLag.latest();
      if (latest && check(latest)) found = latest;
      return found !== undefined;
    },
    timeoutMs,
    what,
  );
  return found!;
}

/** Resolves with the job's final snapshot. */
export async function jobEnd(core: Core, id: string, timeoutMs = 60_000): Promise<JobSnapshot> {
  let job = await core.invoke('job.get', { id });
  await waitFor(
    async () => {
      job = await core.invoke('job.get', { id });
      return job.state !== 'running';
    },
    timeoutMs,
    `job ${id} to end`,
  );
  return job;
}

/** Throwaway groups CacheScope creates; a test leaves none of them behind. */
export async function throwawayGroups(admin: Admin): Promise<string[]> {
  const { groups } = await admin.listGroups();
  return groups.map((g) => g.groupId).filter((id) => /^cachescope-(peek|flush)-/.test(id));
}


/** The `cachescope` command on the "wb" profile. */
export async function cli(args: string[], writeBehind: Conventions, extras: ProfileExtras = {}): Promise<CliRun> {
  const profiles = profilesFile(writeBehind, 'wb', extras);
  try {
    return await runCli([...args, '--profile', 'wb'], { CACHESCOPE_HOME: profiles.home });
  } finally {
    profiles.dispose();
  }
}
