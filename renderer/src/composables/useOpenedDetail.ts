import { ref, shallowRef } from 'vue';
import { errorMessage } from '../api/errorMessage';

/**
 * The record open in a detail pane and what was read of it: opening it again reads it again
 * (keeping what was shown meanwhile), and an answer for a record opened before, or closed, is dropped.
 */
export function useOpenedDetail<Opened, Detail>(read: (opened: Opened) => Promise<Detail>, idOf: (opened: Opened) => string) {
  const opened = shallowRef<Opened | null>(null);
  const detail = shallowRef<Detail | null>(null);
  const loading = ref(false);
  const error = ref<{ title: string; hint: string } | null>(null);
  let generation = 0;

  async function open(next: Opened): Promise<void> {
    const mine = ++generation;
    if (opened.value === null || idOf(opened.value) !== idOf(next)) detail.value = null;
    opened.value = next;
    loading.value = true;
    error.value = null;
    try {
      const result = await read(next);
      if (mine === generation) detail.value = result;
    } catch (err) {
      if (mine !== generation) return;
      detail.value = null;
      error.value = errorMessage(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function close(): void {
    generation++;
    opened.value = null;
    detail.value = null;
    error.value = null;
    loading.value = false;
  }

  return { opened, detail, loading, error, open, close };
}
