import { expect, test } from 'vitest';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import { JobRegistry } from '../../../electron/main/core/jobs/jobRegistry';
import { rateOverWindow } from '../../../electron/main/core/analysis/progressRate';

const settle = (registry: JobRegistry, id: string) =>
  new Promise<JobSnapshot>((resolve) => {
    const sub = registry.onProgress((job) => {
      if (job.id === id && job.state !== 'running') {
        void sub.dispose();
        resolve(job);
      }
    });
  });

test('a job reports progress and ends with its result', async () => {
  const registry = new JobRegistry();
  const seen: JobSnapshot[] = [];
  registry.onProgress((job) => seen.push(job));
  const job = registry.start('test.count', 'Count to 3', async (ctx) => {
    for (let i = 1; i <= 3; i++) ctx.progress({ done: i, total: 3, message: `at ${i}` });
    return { counted: 3 };
  });
  expect(job.state).toBe('running');
  const end = await settle(registry, job.id);
  expect(end).toMatchObject({ state: 'succeeded', done: 3, total: 3, message: 'at 3', result: { counted: 3 }, error: null });
  expect(seen.map((s) => s.done)).toEqual([0, 1, 2, 3, 3]);
  await registry.dispose();
});

test('cancel aborts the signal and waits for the job to say what it did', async () => {
  const registry = new JobRegistry();
  const job = registry.start('test.wait', 'Wait', async (ctx) => {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    return { stoppedAfter: 0 };
  });
  const cancelled = await registry.cancel(job.id);
  expect(cancelled).toMatchObject({ state: 'cancelled', result: { stoppedAfter: 0 } });
  await registry.dispose();
});

test('a failing job ends failed with an AppError', async () => {
  const registry = new JobRegistry();
  const job = registry.start('test.fail', 'Fail', async () => {
    throw new Error('boom');
  });
  expect(await settle(registry, job.id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL', message: 'boom' } });
  await expect(registry.cancel('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await registry.dispose();
});

test('disposing cancels running jobs', async () => {
  const registry = new JobRegistry();
  let aborted = false;
  registry.start('test.long', 'Long', async (ctx) => {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    aborted = true;
  });
  await registry.dispose();
  expect(aborted).toBe(true);
});

test('rates are measured over a sliding window', () => {
  const marks = [
    { at: 0, done: 0 },
    { at: 1000, done: 100 },
    { at: 9000, done: 900 },
    { at: 10000, done: 1000 },
  ];
  expect(rateOverWindow(marks, 10_000, 5_000)).toBeCloseTo(100);
  expect(marks.length).toBe(2);
  expect(rateOverWindow([{ at: 5, done: 1 }], 5)).toBeNull();
});
