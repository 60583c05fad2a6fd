import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { KeyRow, KeySearch, ScanCursor } from '../../../shared/contracts/keys';
import { useApi } from '../api/client';
import { useOpenedDetail } from '../composables/useOpenedDetail';
import { usePagedRows } from '../composables/usePagedRows';

/** Keys asked for per page. */
export const keyPageSize = 100;
/** Rows kept on the page at most: past that, a narrower pattern serves better than more scrolling. */
export const keptKeyRows = 5_000;

/**
 * The key browser: the rows of the current search, page after page as SCAN continues, and
 * the key open in the detail pane. A row SCAN returns again on a later page (it can, while
 * Redis rehashes) is not listed twice.
 */
export const useKeyBrowserStore = defineStore('keyBrowser', () => {
  const api = useApi();
  const searched = ref<KeySearch | null>(null);
  const pages = ref(0);
  const list = usePagedRows({
    kept: keptKeyRows,
    idOf: (row: KeyRow) => row.key.hex,
    read: async (cursor: ScanCursor | null) => {
      // `search` sets what is searched before it reads the first page.
      const page = await api.invoke('keys.scan', { search: searched.value!, pageSize: keyPageSize, ...(cursor ? { cursor } : {}) });
      return { rows: page.keys, next: page.cursor };
    },
    onPage: () => pages.value++,
  });
  /** The key open, by its exact bytes (hex); opening the open one reads it again. */
  const pane = useOpenedDetail(
    (hex: string) => api.invoke('keys.get', { hex }),
    (hex) => hex,
  );

  /** A new search from its first page. */
  function search(next: KeySearch): Promise<void> {
    searched.value = { ...next };
    pages.value = 0;
    return list.restart();
  }

  return {
    searched,
    rows: list.rows,
    cursor: list.next,
    pages,
    loading: list.loading,
    error: list.error,
    selectedHex: pane.opened,
    detail: pane.detail,
    detailLoading: pane.loading,
    detailError: pane.error,
    search,
    /** The next page of the current search, where SCAN left off. */
    loadMore: list.loadMore,
    open: pane.open,
    close: pane.close,
  };
});
