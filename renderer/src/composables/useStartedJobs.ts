import { ref, type ShallowRef } from 'vue';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

/**
 * The jobs a page started, each shown from its own slot and kept current from `job.progress`
 * while followed; and the page's actions that start them, whose failure is shown as `error`
 * until the next action.
 */
export function useStartedJobs(slots: ShallowRef<JobSnapshot | null>[]) {
  const api = useApi();
  const error = ref<{ title: string; hint: string } | null>(null);

  function applyJob(job: JobSnapshot): void {
    for (const slot of slots) if (slot.value?.id === job.id) slot.value = job;
  }

  async function act(run: () => Promise<void>): Promise<void> {
    error.value = null;
    try {
      await run();
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  const cancel = (job: JobSnapshot | null) =>
    act(async () => {
      if (job?.state === 'running') applyJob(await api.invoke('job.cancel', { id: job.id }));
    });

  /** Keeps the slots current until the function it returns is called. */
  const follow = () => api.on('job.progress', applyJob);

  return { error, act, cancel, follow };
}
