import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import type { ReplayPreview, ReplayResult } from '../../../shared/contracts/replay';
import { AppError } from '../../../shared/errors';

/** A fake api: records the calls and lets a test push `job.progress` like the core does. */
const calls: { method: string; input: unknown }[] = [];
let progressListener: ((job: JobSnapshot) => void) | null = null;
let nextError: AppError | null = null;
vi.mock('../../../renderer/src/api/client', () => ({
  useApi: () => ({
    invoke: async (method: string, input: unknown) => {
      calls.push({ method, input });
      if (nextError) throw nextError;
      return job(`${method}-${calls.length}`, 'running', null);
    },
    on: (_event: string, listener: (job: JobSnapshot) => void) => {
      progressListener = listener;
      return () => (progressListener = null);
    },
  }),
}));
const { useReplayStore } = await import('../../../renderer/src/stores/replay');

function job(id: string, state: JobSnapshot['state'], result: unknown, error: JobSnapshot['error'] = null): JobSnapshot {
  return { id, kind: 'k', title: 't', state, startedAt: 0, endedAt: null, done: 0, total: null, rate: null, etaMs: null, message: null, result, error };
}

const preview: ReplayPreview = {
  matched: 3,
  wouldReplay: 2,
  superseded: 1,
  supersededRecords: [{ partition: 0, offset: 1, key: { display: 'product:1', hex: '70' }, table: 'products', version: '1', rowVersion: '2' }],
  supersededBounded: false,
  alreadyHandled: 0,
  byTopic: { 'cache.writes': 2 },
  missingTopics: {},
  scanned: 3,
  partitions: [{ partition: 0, cursor: 0, end: 3 }],
  constraints: null,
  confirmation: { required: false, text: 'Local', reason: 'few' },
  durationMs: 5,
};
const result: ReplayResult = { matched: 3, replayed: 2, superseded: 1, alreadyHandled: 0, parked: 0, failed: 0, failures: [], ranges: [{ partition: 0, from: 0, to: 2 }], rangesBounded: false, cursor: [{ partition: 0, before: 0, after: 3 }], durationMs: 9 };

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
  nextError = null;
});

describe('replay store', () => {
  test('opening dry-runs the target; the run replays exactly that target with the dry run\'s count', async () => {
    const store = useReplayStore();
    const target = { by: 'filter' as const, filter: { errorKind: 'permanent' as const } };
    await store.open(target, 'replay');
    expect(calls).toEqual([{ method: 'deadLetters.previewReplay', input: { target, action: 'replay', checkConstraints: false } }]);
    expect(store.preview).toBeNull();
    progressListener!(job(store.previewJob!.id, 'succeeded', preview));
    expect(store.preview?.wouldReplay).toBe(2);

    store.rate = 50;
    await store.run('');
    expect(calls[1]).toEqual({ method: 'deadLetters.replay', input: { target, expected: 3, ratePerSec: 50 } });
    progressListener!(job(store.runJob!.id, 'succeeded', result));
    expect(store.result).toEqual(result);
  });

  test('a park sends the reason and the typed confirmation; a failed job shows what it did from the error details', async () => {
    const store = useReplayStore();
    await store.open({ by: 'pending' }, 'park');
    expect(calls[0]!.input).toMatchObject({ action: 'park' });
    progressListener!(job(store.previewJob!.id, 'succeeded', preview));
    store.reason = 'bad deploy';
    await store.run('Local');
    expect(calls[1]).toEqual({ method: 'deadLetters.park', input: { target: { by: 'pending' }, expected: 3, reason: 'bad deploy', confirm: 'Local' } });
    progressListener!(job(store.runJob!.id, 'failed', null, { code: 'UNAVAILABLE', message: 'Kafka went away', details: { ...result, replayed: 0, parked: 1 } }));
    expect(store.result?.parked).toBe(1);
  });

  test('nothing runs before the dry run succeeded; a refused call becomes a message; close stops following jobs', async () => {
    const store = useReplayStore();
    await store.open({ by: 'pending' }, 'replay');
    await store.run('');
    expect(calls.map((c) => c.method)).toEqual(['deadLetters.previewReplay']);
    nextError = new AppError('READ_ONLY', 'profile "Prod" is read-only');
    await store.dryRun();
    expect(store.error?.title).toBe('profile "Prod" is read-only');
    store.close();
    expect(progressListener).toBeNull();
    expect(store.previewJob).toBeNull();
  });
});
