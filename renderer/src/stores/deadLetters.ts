import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DeadLetterDetail, DeadLetterGroup, DeadLetterGroups, DeadLetterOrder, DeadLetterRow } from '../../../shared/contracts/deadLetters';
import type { DeadLetterFilter } from '../../../shared/contracts/deadLetterFilter';
import { groupErrorText } from '../../../shared/deadLetterGroupText';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

/** Records asked for per page. */
export const deadLetterPageSize = 50;
/** Rows kept on the page at most: past that, a narrower filter serves better than more scrolling. */
export const keptDeadLetterRows = 2_000;

type Message = { title: string; hint: string };

/** A dead letter by where it lies on the DLQ: what the detail opens and what a replay or park selects. */
export interface DeadLetterRef {
  partition: number;
  offset: string;
}

const refId = (r: DeadLetterRef) => `${r.partition}/${r.offset}`;

/**
 * The Failed writes view: the browser's filter, order and scope, its rows page after page,
 * the error groups, the records selected (for replay and park), and the record open in the
 * detail pane. `filter` and `selected` are what a replay or park acts on.
 */
export const useDeadLettersStore = defineStore('deadLetters', () => {
  const api = useApi();
  /** The filter of the rows shown (applied with `search`). */
  const filter = ref<DeadLetterFilter>({});
  const order = ref<DeadLetterOrder>('newest');
  const pendingOnly = ref(true);
  const rows = shallowRef<DeadLetterRow[]>([]);
  const next = ref<string | null>(null);
  const totalRecords = ref(0);
  const scannedRecords = ref(0);
  const bounded = ref(false);
  const loading = ref(false);
  const searched = ref(false);
  const error = ref<Message | null>(null);
  const groups = shallowRef<DeadLetterGroups | null>(null);
  const groupsLoading = ref(false);
  const groupsError = ref<Message | null>(null);
  /** Records ticked in the list, in the order they were ticked. */
  const selected = ref<DeadLetterRef[]>([]);
  const opened = ref<DeadLetterRef | null>(null);
  const detail = shallowRef<DeadLetterDetail | null>(null);
  const detailLoading = ref(false);
  const detailError = ref<Message | null>(null);
  /** Bumped by each new search and each record opened, so a late answer to an older one is dropped. */
  let searchGeneration = 0;
  let detailGeneration = 0;

  async function loadPage(): Promise<void> {
    const generation = searchGeneration;
    loading.value = true;
    error.value = null;
    try {
      const page = await api.invoke('deadLetters.list', {
        filter: filter.value,
        order: order.value,
        pendingOnly: pendingOnly.value,
        limit: deadLetterPageSize,
        ...(next.value ? { pageToken: next.value } : {}),
      });
      if (generation !== searchGeneration) return;
      rows.value = [...rows.value, ...page.rows].slice(0, keptDeadLetterRows);
      next.value = page.next;
      totalRecords.value = page.totalRecords;
      scannedRecords.value += page.scannedRecords;
      bounded.value = page.bounded;
    } catch (err) {
      if (generation === searchGeneration) error.value = errorMessage(err);
    } finally {
      if (generation === searchGeneration) loading.value = false;
    }
  }

  async function loadGroups(): Promise<void> {
    const generation = searchGeneration;
    groupsLoading.value = true;
    groupsError.value = null;
    try {
      // Groups of the whole scope: picking one narrows the list, not the groups.
      const result = await api.invoke('deadLetters.groups', { pendingOnly: pendingOnly.value });
      if (generation === searchGeneration) groups.value = result;
    } catch (err) {
      if (generation === searchGeneration) groupsError.value = errorMessage(err);
    } finally {
      if (generation === searchGeneration) groupsLoading.value = false;
    }
  }

  /** The list again from its first page with the current filter, order and scope; the groups too when the scope changed. */
  function search(options: { groups?: boolean } = {}): Promise<void> {
    searchGeneration++;
    searched.value = true;
    rows.value = [];
    next.value = null;
    scannedRecords.value = 0;
    bounded.value = false;
    selected.value = [];
    const reads = [loadPage()];
    if (options.groups ?? groups.value === null) reads.push(loadGroups());
    return Promise.all(reads).then(() => undefined);
  }

  function loadMore(): Promise<void> {
    if (!next.value || loading.value || rows.value.length >= keptDeadLetterRows) return Promise.resolve();
    return loadPage();
  }

  function applyFilter(next: DeadLetterFilter): Promise<void> {
    filter.value = { ...next };
    return search();
  }

  /** Narrows the list to one error group: its error text and kind. */
  function applyGroup(group: DeadLetterGroup): Promise<void> {
    const text = groupErrorText(group.pattern);
    const { errorText: _text, errorKind: _kind, ...rest } = filter.value;
    return applyFilter({ ...rest, ...(text !== null ? { errorText: text } : {}), errorKind: group.errorKind });
  }

  function setScope(next: { order?: DeadLetterOrder; pendingOnly?: boolean }): Promise<void> {
    const scopeChanged = next.pendingOnly !== undefined && next.pendingOnly !== pendingOnly.value;
    if (next.order) order.value = next.order;
    if (next.pendingOnly !== undefined) pendingOnly.value = next.pendingOnly;
    return search({ groups: scopeChanged });
  }

  const selectedIds = computed(() => new Set(selected.value.map(refId)));

  function isSelected(r: DeadLetterRef): boolean {
    return selectedIds.value.has(refId(r));
  }

  function toggleSelected(r: DeadLetterRef): void {
    selected.value = isSelected(r) ? selected.value.filter((s) => refId(s) !== refId(r)) : [...selected.value, { partition: r.partition, offset: r.offset }];
  }

  /** Ticks every row listed, or unticks them all when they all are. */
  function toggleAllShown(): void {
    const all = rows.value.length > 0 && rows.value.every(isSelected);
    selected.value = all ? [] : rows.value.map((r) => ({ partition: r.partition, offset: r.offset }));
  }

  async function open(r: DeadLetterRef): Promise<void> {
    const generation = ++detailGeneration;
    if (opened.value === null || refId(opened.value) !== refId(r)) detail.value = null;
    opened.value = { partition: r.partition, offset: r.offset };
    detailLoading.value = true;
    detailError.value = null;
    try {
      const result = await api.invoke('deadLetters.get', { partition: r.partition, offset: r.offset });
      if (generation === detailGeneration) detail.value = result;
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
    opened.value = null;
    detail.value = null;
    detailError.value = null;
    detailLoading.value = false;
  }

  return {
    filter,
    order,
    pendingOnly,
    rows,
    next,
    totalRecords,
    scannedRecords,
    bounded,
    loading,
    searched,
    error,
    groups,
    groupsLoading,
    groupsError,
    selected,
    opened,
    detail,
    detailLoading,
    detailError,
    search,
    loadMore,
    loadGroups,
    applyFilter,
    applyGroup,
    setScope,
    isSelected,
    toggleSelected,
    toggleAllShown,
    open,
    close,
  };
});
