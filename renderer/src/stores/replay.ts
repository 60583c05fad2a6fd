import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import { ReplayPreviewSchema, ReplayResultSchema, type ReplayTarget } from '../../../shared/contracts/replay';
import { useApi } from '../api/client';
import { useStartedJobs } from '../composables/useStartedJobs';

export type DeadLetterAction = 'replay' | 'park';

/**
 * The replay / park dialog: the dry run for a target, then the job that does it, both
 * followed through `job.progress`. What runs is exactly what was dry-run: the target is
 * fixed when the dialog opens, and changing the action or the constraint check dry-runs again.
 */
export const useReplayStore = defineStore('replay', () => {
  const api = useApi();
  const target = shallowRef<ReplayTarget | null>(null);
  const action = ref<DeadLetterAction>('replay');
  const checkConstraints = ref(false);
  const reason = ref('');
  /** Records per second at most; empty: as fast as Kafka acknowledges. */
  const rate = ref<number | null>(null);
  const previewJob = shallowRef<JobSnapshot | null>(null);
  const runJob = shallowRef<JobSnapshot | null>(null);
  const { error, act, cancel, follow } = useStartedJobs([previewJob, runJob]);
  let listening: (() => void) | null = null;

  const preview = computed(() => {
    const parsed = ReplayPreviewSchema.safeParse(previewJob.value?.result);
    return parsed.success ? parsed.data : null;
  });
  /** The job's result, or what it did before it failed (the error's details). */
  const result = computed(() => {
    const job = runJob.value;
    const parsed = ReplayResultSchema.safeParse(job?.result ?? job?.error?.details);
    return parsed.success ? parsed.data : null;
  });

  const dryRun = () =>
    act(async () => {
      if (!target.value) return;
      // The previous figures go at once: they must never pass for the new dry run's.
      previewJob.value = null;
      runJob.value = null;
      previewJob.value = await api.invoke('deadLetters.previewReplay', { target: target.value, action: action.value, checkConstraints: checkConstraints.value });
    });

  /** Opens the dialog for a target and starts its dry run. */
  function open(next: ReplayTarget, nextAction: DeadLetterAction): Promise<void> {
    listening ??= follow();
    target.value = next;
    action.value = nextAction;
    checkConstraints.value = false;
    reason.value = '';
    rate.value = null;
    return dryRun();
  }

  /** Runs what the dry run showed; `confirm` is what the person typed (ignored when not required). */
  const run = (confirm: string) =>
    act(async () => {
      if (!target.value || !preview.value || previewJob.value?.state !== 'succeeded') return;
      const expected = preview.value.matched;
      const confirmText = confirm === '' ? undefined : confirm;
      runJob.value =
        action.value === 'replay'
          ? await api.invoke('deadLetters.replay', { target: target.value, expected, ...(confirmText ? { confirm: confirmText } : {}), ...(rate.value ? { ratePerSec: rate.value } : {}) })
          : await api.invoke('deadLetters.park', { target: target.value, expected, reason: reason.value, ...(confirmText ? { confirm: confirmText } : {}) });
    });

  /** Stops following jobs (the dialog closed); a running job goes on in the core. */
  function close(): void {
    listening?.();
    listening = null;
    target.value = null;
    previewJob.value = null;
    runJob.value = null;
  }

  return { target, action, checkConstraints, reason, rate, previewJob, runJob, error, preview, result, open, dryRun, run, cancel, close };
});
