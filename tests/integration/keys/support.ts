import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { Core, type CoreOptions } from '../../../electron/main/core/core';
import { endpointsToEnv } from '../../../demo/config';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import { KeysAnalysisSchema, type KeysAnalysis, type KeysAnalyzeInput } from '../../../shared/contracts/keysAnalysis';
import type { ProfileInput } from '../../../shared/profile';

/** A user-data folder of the test's own; the core runs the "local" profile on `redisUrl`, or `profile`. */
export function keysHome(target: { redisUrl: string } | { profile: Omit<ProfileInput, 'id' | 'name'> }) {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-keys-'));
  const endpoints = inject('endpoints');
  const profile = 'profile' in target ? target.profile : undefined;
  if (profile) writeFileSync(join(home, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'under-test', name: 'Under test', ...profile }] }), { mode: 0o600 });
  return {
    home,
    core: (options: Partial<CoreOptions> = {}) =>
      Core.create({
        frontEnd: 'serve',
        ...(profile ? { profileId: 'under-test' } : {}),
        env: {
          CACHESCOPE_HOME: home,
          ...endpointsToEnv({ ...endpoints, redisUrl: 'redisUrl' in target ? target.redisUrl : endpoints.redisUrl }),
        },
        ...options,
      }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Starts an analysis and resolves with its final job snapshot. */
export async function runAnalysis(core: Core, input: KeysAnalyzeInput = {}, onProgress?: (job: JobSnapshot) => void): Promise<JobSnapshot> {
  let settle: (job: JobSnapshot) => void = () => undefined;
  const ended = new Promise<JobSnapshot>((resolve) => (settle = resolve));
  let id = '';
  const subscription = core.onEvent((event) => {
    if (event.name !== 'job.progress') return;
    const job = event.payload as JobSnapshot;
    if (job.id !== id) return;
    onProgress?.(job);
    if (job.state !== 'running') settle(job);
  });
  try {
    const started = await core.invoke('keys.analyze', input);
    id = started.id;
    const now = await core.invoke('job.get', { id });
    return now.state === 'running' ? await ended : now;
  } finally {
    await subscription.dispose();
  }
}

export function analysisOf(job: JobSnapshot): KeysAnalysis {
  if (job.state !== 'succeeded') throw new Error(`the analysis ended ${job.state}: ${job.error?.message ?? ''}`);
  return KeysAnalysisSchema.parse(job.result);
}

/** A namespace node's figures, by its displayed name. */
export function node(analysis: KeysAnalysis, namespace: string) {
  const found = analysis.namespaces.find((n) => n.namespace === namespace);
  if (!found) throw new Error(`no namespace "${namespace}" in ${analysis.namespaces.map((n) => n.namespace).join(', ')}`);
  return found;
}

export function buckets(histogram: KeysAnalysis['ttlHistogram']): Record<string, number> {
  return Object.fromEntries(histogram.filter((b) => b.keys > 0).map((b) => [b.bucket, b.keys]));
}
