import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { CompareSampleResultSchema, compareSampleJobKind, type CompareSampleResult, type KeyComparison } from '../../../shared/contracts/investigate';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

type Message = { title: string; hint: string };
type Namespace = { namespace: string; keyPattern: string; table: string };

/**
 * Investigate: the comparison of the key asked for, and the namespace sample job with its
 * result. A late answer to an older comparison is dropped.
 */
export const useInvestigateStore = defineStore('investigate', () => {
  const api = useApi();
  const comparedHex = ref<string | null>(null);
  const comparison = shallowRef<KeyComparison | null>(null);
  const loading = ref(false);
  const error = ref<Message | null>(null);
  const namespaces = shallowRef<Namespace[]>([]);
  const sampleJob = shallowRef<JobSnapshot | null>(null);
  const sample = shallowRef<CompareSampleResult | null>(null);
  const sampleError = ref<Message | null>(null);
  let generation = 0;
  let started = false;

  function applyJob(job: JobSnapshot): void {
    if (job.kind !== compareSampleJobKind || (sampleJob.value && sampleJob.value.id !== job.id)) return;
    sampleJob.value = job;
    if (job.state === 'running') return;
    const result = CompareSampleResultSchema.safeParse(job.result);
    sample.value = result.success ? result.data : null;
    sampleError.value = job.error ? { title: job.error.message, hint: '' } : null;
  }

  async function loadNamespaces(): Promise<void> {
    try {
      namespaces.value = (await api.invoke('keys.compareNamespaces', {})).namespaces;
    } catch {
      // The picker stays empty; the next view opening tries again.
    }
  }

  function start(): void {
    void loadNamespaces();
    if (started) return;
    started = true;
    api.on('job.progress', applyJob);
    api.on('profiles.changed', () => {
      comparison.value = null;
      comparedHex.value = null;
      sample.value = null;
      sampleJob.value = null;
      void loadNamespaces();
    });
  }

  /** Compares the key (its bytes in hex), or the same key again. */
  async function compare(hex: string): Promise<void> {
    const mine = ++generation;
    if (comparedHex.value !== hex) comparison.value = null;
    comparedHex.value = hex;
    loading.value = true;
    error.value = null;
    try {
      const next = await api.invoke('keys.compare', { hex });
      if (mine === generation) comparison.value = next;
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function runSample(namespace: string, size: number): Promise<void> {
    sampleError.value = null;
    sample.value = null;
    try {
      sampleJob.value = null;
      applyJob(await api.invoke('keys.compareSample', { namespace, sample: size }));
    } catch (err) {
      sampleError.value = errorMessage(err);
    }
  }

  async function cancelSample(): Promise<void> {
    const job = sampleJob.value;
    if (job?.state !== 'running') return;
    try {
      applyJob(await api.invoke('job.cancel', { id: job.id }));
    } catch (err) {
      sampleError.value = errorMessage(err);
    }
  }

  return { comparedHex, comparison, loading, error, namespaces, sampleJob, sample, sampleError, start, compare, runSample, cancelSample };
});
