import type { JobSnapshot } from '../../../shared/contracts/jobs';
import type { Core } from '../core/core';

/** Resolves with the job's final snapshot, from its progress events. */
export async function waitForJob(core: Core, id: string): Promise<JobSnapshot> {
  let settle: (job: JobSnapshot) => void = () => undefined;
  const ended = new Promise<JobSnapshot>((resolve) => (settle = resolve));
  const subscription = core.onEvent((event) => {
    if (event.name !== 'job.progress') return;
    const job = event.payload as JobSnapshot;
    if (job.id === id && job.state !== 'running') settle(job);
  });
  try {
    // It may have ended before the subscription.
    const now = await core.invoke('job.get', { id });
    if (now.state !== 'running') return now;
    return await ended;
  } finally {
    await subscription.dispose();
  }
}
