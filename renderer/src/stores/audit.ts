import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AuditOutcome, AuditRecord } from '../../../shared/contracts/audit';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

export interface AuditFilters {
  action: string;
  outcome: AuditOutcome | '';
  text: string;
  /** How far back, in ms; 0 for everything. */
  sinceMs: number;
}

const pageSize = 200;

/** The audit log, newest first, a page at a time from the core (which reads the file from its end). */
export const useAuditStore = defineStore('audit', () => {
  const api = useApi();
  const filters = ref<AuditFilters>({ action: '', outcome: '', text: '', sinceMs: 0 });
  const records = shallowRef<AuditRecord[]>([]);
  const before = ref<number | null>(null);
  const file = ref('');
  const loading = ref(false);
  const error = ref<{ title: string; hint: string } | null>(null);

  async function load(more = false): Promise<void> {
    loading.value = true;
    try {
      const { action, outcome, text, sinceMs } = filters.value;
      const page = await api.invoke('audit.list', {
        limit: pageSize,
        ...(action ? { action } : {}),
        ...(outcome ? { outcome } : {}),
        ...(text ? { text } : {}),
        ...(sinceMs > 0 ? { since: Date.now() - sinceMs } : {}),
        ...(more && before.value !== null ? { before: before.value } : {}),
      });
      records.value = more ? [...records.value, ...page.records] : page.records;
      before.value = page.before;
      file.value = page.file;
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  return { filters, records, before, file, loading, error, load };
});
