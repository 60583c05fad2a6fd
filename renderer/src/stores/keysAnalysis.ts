import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import { keysAnalyzeJobKind, type KeysAnalysis, type KeysAnalyzeInput, type KeysRisks } from '../../../shared/contracts/keysAnalysis';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

/** The risks follow the write-behind time lag, read at most this often. */
const risksEveryMs = 5_000;

export const useKeysAnalysisStore = defineStore('keysAnalysis', () => {
  const api = useApi();
  /** The last complete analysis (kept by the core), and the analysis job of this profile. */
  const analysis = shallowRef<KeysAnalysis | null>(null);
  const job = shallowRef<JobSnapshot | null>(null);
  const risks = shallowRef<KeysRisks | null>(null);
  const loaded = ref(false);
  const error = ref<{ title: string; hint: string } | null>(null);
  let started = false;
  let risksReadAt = 0;

  async function load(): Promise<void> {
    try {
      const overview = await api.invoke('keys.analysis', {});
      analysis.value = overview.analysis;
      if (overview.running) job.value = overview.running;
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  async function loadRisks(): Promise<void> {
    risksReadAt = Date.now();
    try {
      risks.value = await api.invoke('keys.risks', {});
    } catch {
      // The risks are a hint: the next sample tries again.
    }
  }

  function applyJob(next: JobSnapshot): void {
    if (next.kind !== keysAnalyzeJobKind) return;
    job.value = next;
  }

  /**
   * Subscribes once for the app's lifetime: the view and the Overview tile share it. Called
   * again (a view opening), it retries a first read that failed, e.g. before serve mode's
   * socket was open.
   */
  function start(): void {
    if (started) {
      if (!loaded.value) void load().then(loadRisks);
      return;
    }
    started = true;
    api.on('job.progress', applyJob);
    api.on('keys.analysisChanged', () => void load().then(loadRisks));
    api.on('writeBehind.sample', () => {
      if (!loaded.value) void load();
      if (Date.now() - risksReadAt >= risksEveryMs) void loadRisks();
    });
    api.on('profiles.changed', () => {
      analysis.value = null;
      job.value = null;
      risks.value = null;
      void load().then(loadRisks);
    });
    void load().then(loadRisks);
  }

  async function analyze(input: KeysAnalyzeInput): Promise<void> {
    error.value = null;
    try {
      applyJob(await api.invoke('keys.analyze', input));
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  async function cancel(): Promise<void> {
    const running = job.value;
    if (!running || running.state !== 'running') return;
    try {
      applyJob(await api.invoke('job.cancel', { id: running.id }));
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  return { analysis, job, risks, loaded, error, start, analyze, cancel };
});
