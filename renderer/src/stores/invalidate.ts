import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { InvalidateTarget } from '../../../shared/contracts/controls';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import { keyNameFromHex, keyNameFromText, keyNameToHex } from '../../../shared/keyName';
import { useApi } from '../api/client';
import { useStartedJobs } from '../composables/useStartedJobs';

export type TargetMode = 'pattern' | 'keys';

/** The lines of a pasted list that name keys (blank lines dropped), as hex. */
export function keysOfList(text: string, hex: boolean): string[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.map((line) => keyNameToHex(hex ? keyNameFromHex(line) : keyNameFromText(line)));
}

/**
 * The invalidation page: what to invalidate, its preview job, the deletion job and the
 * flushes of the danger zone. Jobs are followed through `job.progress`.
 */
export const useInvalidateStore = defineStore('invalidate', () => {
  const api = useApi();
  const mode = ref<TargetMode>('pattern');
  const pattern = ref('');
  const keysText = ref('');
  const hex = ref(false);
  const previewJob = shallowRef<JobSnapshot | null>(null);
  /** The target the preview was made for: deleting uses exactly that one. */
  const previewed = shallowRef<InvalidateTarget | null>(null);
  const runJob = shallowRef<JobSnapshot | null>(null);
  const flushJob = shallowRef<JobSnapshot | null>(null);
  const { error, act, cancel, follow } = useStartedJobs([previewJob, runJob, flushJob]);
  let started = false;

  function target(): InvalidateTarget {
    if (mode.value === 'pattern') return { by: 'pattern', pattern: pattern.value, hex: hex.value };
    return { by: 'keys', keys: keysOfList(keysText.value, hex.value) };
  }

  const canPreview = computed(() => (mode.value === 'pattern' ? pattern.value !== '' : keysText.value.trim() !== ''));

  function start(): void {
    if (started) return;
    started = true;
    follow();
  }

  const preview = () =>
    act(async () => {
      const wanted = target();
      // The previous preview goes at once: its figures must never pass for the new one's.
      previewJob.value = null;
      runJob.value = null;
      previewed.value = wanted;
      previewJob.value = await api.invoke('controls.previewInvalidate', { target: wanted });
    });

  const invalidate = (confirm: string, expected: number) =>
    act(async () => {
      if (!previewed.value) return;
      runJob.value = await api.invoke('controls.invalidate', { target: previewed.value, confirm, expected });
    });

  const flushNamespace = (namespace: string, confirm: string) =>
    act(async () => {
      flushJob.value = await api.invoke('controls.flushCache', { scope: 'namespace', namespace, confirm });
    });

  const flushDb = (confirm: string) =>
    act(async () => {
      flushJob.value = await api.invoke('controls.flushCache', { scope: 'db', confirm });
    });

  return { mode, pattern, keysText, hex, previewJob, previewed, runJob, flushJob, error, canPreview, start, preview, invalidate, flushNamespace, flushDb, cancel };
});
