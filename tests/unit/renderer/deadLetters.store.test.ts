import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { DeadLetterPage, DeadLetterRow } from '../../../shared/contracts/deadLetters';

/** The API the store calls, answering what each test queues. */
const calls: Array<{ method: string; input: Record<string, unknown> }> = [];
let answer: (method: string, input: Record<string, unknown>) => Promise<unknown>;
vi.mock('../../../renderer/src/api/client', () => ({
  useApi: () => ({
    invoke: (method: string, input: Record<string, unknown>) => {
      calls.push({ method, input });
      return answer(method, input);
    },
    on: () => () => undefined,
  }),
}));
const { useDeadLettersStore } = await import('../../../renderer/src/stores/deadLetters');

const row = (partition: number, offset: string): DeadLetterRow => ({
  partition,
  offset,
  timestamp: 1,
  key: null,
  origin: { convention: 'none', originalTopic: null, originalPartition: null, originalOffset: null, error: null, errorKind: 'unknown', attempts: null, failedAt: null, replayOf: null },
  pending: true,
  preview: null,
});
const page = (rows: DeadLetterRow[], next: string | null): DeadLetterPage => ({ topic: 'd', replayGroup: 'r', order: 'newest', pendingOnly: true, rows, next, totalRecords: 10, scannedRecords: rows.length, bounded: false });
const groups = { topic: 'd', pendingOnly: true, groups: [], ungrouped: 0, totalRecords: 10, scannedRecords: 10, bounded: false };

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
  answer = async (method) => (method === 'deadLetters.groups' ? groups : page([row(0, '1'), row(1, '2')], 'token-1'));
});

describe('the dead letters store', () => {
  test('searches with its filter, order and scope, then continues with the page token', async () => {
    const store = useDeadLettersStore();
    await store.applyFilter({ errorKind: 'permanent' });
    expect(calls.map((c) => c.method).sort()).toEqual(['deadLetters.groups', 'deadLetters.list']);
    expect(calls.find((c) => c.method === 'deadLetters.list')!.input).toEqual({ filter: { errorKind: 'permanent' }, order: 'newest', pendingOnly: true, limit: 50 });
    answer = async () => page([row(0, '0')], null);
    await store.loadMore();
    expect(calls.at(-1)!.input).toMatchObject({ pageToken: 'token-1' });
    expect(store.rows.map((r) => `${r.partition}/${r.offset}`)).toEqual(['0/1', '1/2', '0/0']);
    expect(store.next).toBeNull();
    await store.loadMore();
    expect(calls.filter((c) => c.method === 'deadLetters.list')).toHaveLength(2);
  });

  test('a group narrows the filter to its error text and kind, keeping the rest', async () => {
    const store = useDeadLettersStore();
    await store.applyFilter({ keyPattern: 'product:*', errorText: 'old' });
    await store.applyGroup({ pattern: '23514: violates check constraint "a_check" for id <n>', errorKind: 'permanent', count: 2, firstSeen: 1, lastSeen: 2, example: { partition: 0, offset: '1', error: null } });
    expect(store.filter).toEqual({ keyPattern: 'product:*', errorText: '23514: violates check constraint "a_check" for id', errorKind: 'permanent' });
    await store.applyGroup({ pattern: '(no error message)', errorKind: 'unknown', count: 1, firstSeen: 1, lastSeen: 1, example: { partition: 0, offset: '2', error: null } });
    expect(store.filter).toEqual({ keyPattern: 'product:*', errorKind: 'unknown' });
  });

  test('the selection is the ticked records by partition and offset; a new search clears it', async () => {
    const store = useDeadLettersStore();
    await store.search();
    store.toggleSelected(row(1, '2'));
    store.toggleSelected(row(0, '1'));
    expect(store.selected).toEqual([
      { partition: 1, offset: '2' },
      { partition: 0, offset: '1' },
    ]);
    store.toggleSelected(row(1, '2'));
    expect(store.selected).toEqual([{ partition: 0, offset: '1' }]);
    store.toggleAllShown();
    expect(store.selected).toHaveLength(2);
    store.toggleAllShown();
    expect(store.selected).toEqual([]);
    store.toggleSelected(row(0, '1'));
    await store.setScope({ order: 'oldest' });
    expect(store.selected).toEqual([]);
    expect(calls.at(-1)!.input).toMatchObject({ order: 'oldest' });
  });

  test('an answer to an older search is dropped', async () => {
    const store = useDeadLettersStore();
    let releaseOld: (value: unknown) => void = () => undefined;
    answer = (method) => (method === 'deadLetters.groups' ? Promise.resolve(groups) : new Promise((resolve) => (releaseOld = resolve)));
    const old = store.search();
    answer = async (method) => (method === 'deadLetters.groups' ? groups : page([row(2, '9')], null));
    await store.applyFilter({ errorText: 'new' });
    releaseOld(page([row(0, '1')], 'stale'));
    await old;
    expect(store.rows.map((r) => r.offset)).toEqual(['9']);
    expect(store.next).toBeNull();
  });

  test('the groups of a new scope arrive though the filter changed while they were read', async () => {
    const store = useDeadLettersStore();
    await store.search();
    let releaseGroups: (value: unknown) => void = () => undefined;
    answer = (method) => (method === 'deadLetters.groups' ? new Promise((resolve) => (releaseGroups = resolve)) : Promise.resolve(page([row(0, '1')], null)));
    const scoped = store.setScope({ pendingOnly: false });
    await store.applyFilter({ errorText: 'new' });
    const everyRecord = { ...groups, pendingOnly: false };
    releaseGroups(everyRecord);
    await scoped;
    expect(store.groups).toEqual(everyRecord);
    expect(store.groupsLoading).toBe(false);
  });
});
