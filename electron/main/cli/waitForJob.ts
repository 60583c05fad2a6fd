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

/**
 * Starts a job and waits for its end, as a verb runs one: a progress line on stderr while
 * it runs when stderr is a terminal, and Ctrl-C cancels it (the job then ends with what it
 * did so far).
 */
export async function runJobFromCli(core: Core, start: () => Promise<{ id: string }>, progressLine: (job: JobSnapshot) => string): Promise<JobSnapshot> {
  const terminal = process.stderr.isTTY;
  let jobId = '';
  const live = terminal
    ? core.onEvent((event) => {
        const job = event.payload as JobSnapshot;
        if (event.name === 'job.progress' && job.id === jobId && job.state === 'running') process.stderr.write(`\r\x1b[2K${progressLine(job)}`);
      })
    : undefined;
  const cancel = () => void core.invoke('job.cancel', { id: jobId }).catch(() => undefined);
  process.once('SIGINT', cancel);
  try {
    jobId = (await start()).id;
    const job = await waitForJob(core, jobId);
    if (terminal) process.stderr.write('\r\x1b[2K');
    return job;
  } finally {
    process.off('SIGINT', cancel);
    await live?.dispose();
  }
}
