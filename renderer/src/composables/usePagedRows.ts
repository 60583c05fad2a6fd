import { ref, shallowRef } from 'vue';
import { errorMessage } from '../api/errorMessage';

/** One page of rows and where the next one starts (null: there is none). */
export interface RowsPage<Row, Next> {
  rows: Row[];
  next: Next | null;
}

/**
 * Rows read page after page, each page going on where the last left off, up to `kept` rows:
 * past that, a narrower search serves better than more scrolling. A row a later page returns
 * again is not listed twice, and a page of an earlier search that answers late is dropped.
 */
export function usePagedRows<Page extends RowsPage<unknown, unknown>>(options: {
  kept: number;
  idOf: (row: Page['rows'][number]) => string;
  /** Reads the page that starts at `next` (null: the first) of the current search. */
  read: (next: Page['next']) => Promise<Page>;
  /** What else the store keeps of a page of the current search. */
  onPage?: (page: Page) => void;
}) {
  const rows = shallowRef<Page['rows']>([]);
  const next = shallowRef<Page['next']>(null);
  const loading = ref(false);
  const error = ref<{ title: string; hint: string } | null>(null);
  let generation = 0;

  async function loadPage(): Promise<void> {
    const mine = generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await options.read(next.value);
      if (mine !== generation) return;
      const shown = new Set(rows.value.map(options.idOf));
      rows.value = [...rows.value, ...page.rows.filter((row) => !shown.has(options.idOf(row)))].slice(0, options.kept);
      next.value = page.next;
      options.onPage?.(page);
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** The first page again: the search changed. */
  function restart(): Promise<void> {
    generation++;
    rows.value = [];
    next.value = null;
    return loadPage();
  }

  /** The next page, where the last left off. */
  function loadMore(): Promise<void> {
    if (!next.value || loading.value || rows.value.length >= options.kept) return Promise.resolve();
    return loadPage();
  }

  return { rows, next, loading, error, restart, loadMore };
}
