import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { KeyDetail, KeyRow, KeySearch, ScanCursor } from '../../../shared/contracts/keys';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

/** Keys asked for per page. */
export const keyPageSize = 100;
/** Rows kept on the page at most: past that, a narrower pattern serves better than more scrolling. */
export const keptKeyRows = 5_000;

type Message = { title: string; hint: string };

/**
 * The key browser: the rows of the current search, page after page as SCAN continues, and
 * the key open in the detail pane. A row SCAN returns again on a later page (it can, while
 * Redis rehashes) is not listed twice.
 */
export const useKeyBrowserStore = defineStore('keyBrowser', () => {
  const api = useApi();
  const searched = ref<KeySearch | null>(null);
  const rows = shallowRef<KeyRow[]>([]);
  const cursor = shallowRef<ScanCursor | null>(null);
  const pages = ref(0);
  const loading = ref(false);
  const error = ref<Message | null>(null);
  const selectedHex = ref<string | null>(null);
  const detail = shallowRef<KeyDetail | null>(null);
  const detailLoading = ref(false);
  const detailError = ref<Message | null>(null);
  /** Bumped by each new search and each key opened, so a late answer to an older one is dropped. */
  let searchGeneration = 0;
  let detailGeneration = 0;

  async function loadPage(): Promise<void> {
    const search = searched.value;
    if (!search) return;
    const generation = searchGeneration;
    loading.value = true;
    error.value = null;
    try {
      const page = await api.invoke('keys.scan', { search, pageSize: keyPageSize, ...(cursor.value ? { cursor: cursor.value } : {}) });
      if (generation !== searchGeneration) return;
      const shown = new Set(rows.value.map((row) => row.key.hex));
      rows.value = [...rows.value, ...page.keys.filter((row) => !shown.has(row.key.hex))].slice(0, keptKeyRows);
      cursor.value = page.cursor;
      pages.value++;
    } catch (err) {
      if (generation === searchGeneration) error.value = errorMessage(err);
    } finally {
      if (generation === searchGeneration) loading.value = false;
    }
  }

  /** A new search from its first page. */
  function search(next: KeySearch): Promise<void> {
    searchGeneration++;
    searched.value = { ...next };
    rows.value = [];
    cursor.value = null;
    pages.value = 0;
    return loadPage();
  }

  /** The next page of the current search, where SCAN left off. */
  function loadMore(): Promise<void> {
    if (!cursor.value || loading.value || rows.value.length >= keptKeyRows) return Promise.resolve();
    return loadPage();
  }

  /** Opens a key by its exact bytes (hex), or reads the open one again. */
  async function open(hex: string): Promise<void> {
    const generation = ++detailGeneration;
    if (selectedHex.value !== hex) detail.value = null;
    selectedHex.value = hex;
    detailLoading.value = true;
    detailError.value = null;
    try {
      const next = await api.invoke('keys.get', { hex });
      if (generation === detailGeneration) detail.value = next;
    } catch (err) {
      if (generation !== detailGeneration) return;
      detail.value = null;
      detailError.value = errorMessage(err);
    } finally {
      if (generation === detailGeneration) detailLoading.value = false;
    }
  }

  function close(): void {
    detailGeneration++;
    selectedHex.value = null;
    detail.value = null;
    detailError.value = null;
    detailLoading.value = false;
  }

  return { searched, rows, cursor, pages, loading, error, selectedHex, detail, detailLoading, detailError, search, loadMore, open, close };
});
