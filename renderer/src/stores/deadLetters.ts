import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DeadLetterGroup, DeadLetterGroups, DeadLetterOrder } from '../../../shared/contracts/deadLetters';
import type { DeadLetterFilter } from '../../../shared/contracts/deadLetterFilter';
import { groupErrorText } from '../../../shared/deadLetterGroupText';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';
import { useOpenedDetail } from '../composables/useOpenedDetail';
import { usePagedRows } from '../composables/usePagedRows';

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
  const totalRecords = ref(0);
  const scannedRecords = ref(0);
  const bounded = ref(false);
  const searched = ref(false);
  const list = usePagedRows({
    kept: keptDeadLetterRows,
    idOf: refId,
    read: (pageToken: string | null) =>
      api.invoke('deadLetters.list', {
        filter: filter.value,
        order: order.value,
        pendingOnly: pendingOnly.value,
        limit: deadLetterPageSize,
        ...(pageToken ? { pageToken } : {}),
      }),
    onPage: (page) => {
      totalRecords.value = page.totalRecords;
      scannedRecords.value += page.scannedRecords;
      bounded.value = page.bounded;
    },
  });
  const groups = shallowRef<DeadLetterGroups | null>(null);
  const groupsLoading = ref(false);
  const groupsError = ref<Message | null>(null);
  /** Records ticked in the list, in the order they were ticked. */
  const selected = ref<DeadLetterRef[]>([]);
  const pane = useOpenedDetail((r: DeadLetterRef) => api.invoke('deadLetters.get', { partition: r.partition, offset: r.offset }), refId);
  /** Bumped by each read of the groups, so a late answer to an older one (another scope) is dropped. */
  let groupsGeneration = 0;

  async function loadGroups(): Promise<void> {
    const generation = ++groupsGeneration;
    groupsLoading.value = true;
    groupsError.value = null;
    try {
      // Groups of the whole scope: picking one narrows the list, not the groups.
      const result = await api.invoke('deadLetters.groups', { pendingOnly: pendingOnly.value });
      if (generation === groupsGeneration) groups.value = result;
    } catch (err) {
      if (generation === groupsGeneration) groupsError.value = errorMessage(err);
    } finally {
      if (generation === groupsGeneration) groupsLoading.value = false;
    }
  }

  /** The list again from its first page with the current filter, order and scope; the groups too when the scope changed. */
  function search(options: { groups?: boolean } = {}): Promise<void> {
    searched.value = true;
    scannedRecords.value = 0;
    bounded.value = false;
    selected.value = [];
    const reads = [list.restart()];
    if (options.groups ?? groups.value === null) reads.push(loadGroups());
    return Promise.all(reads).then(() => undefined);
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
    const all = list.rows.value.length > 0 && list.rows.value.every(isSelected);
    selected.value = all ? [] : list.rows.value.map((r) => ({ partition: r.partition, offset: r.offset }));
  }

  /** Opens a record (or reads the open one again) by where it lies, whatever row it came from. */
  function open(r: DeadLetterRef): Promise<void> {
    return pane.open({ partition: r.partition, offset: r.offset });
  }

  return {
    filter,
    order,
    pendingOnly,
    rows: list.rows,
    next: list.next,
    totalRecords,
    scannedRecords,
    bounded,
    loading: list.loading,
    searched,
    error: list.error,
    groups,
    groupsLoading,
    groupsError,
    selected,
    opened: pane.opened,
    detail: pane.detail,
    detailLoading: pane.loading,
    detailError: pane.error,
    search,
    loadMore: list.loadMore,
    loadGroups,
    applyFilter,
    applyGroup,
    setScope,
    isSelected,
    toggleSelected,
    toggleAllShown,
    open,
    close: pane.close,
  };
});
