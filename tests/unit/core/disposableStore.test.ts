import { expect, test } from 'vitest';
import { DisposableStore, toDisposable } from '../../../electron/main/core/lifecycle/disposable';

test('disposes newest first, each after the one before has finished', async () => {
  const store = new DisposableStore();
  const order: string[] = [];
  const slow = (name: string) =>
    toDisposable(async () => {
      order.push(`${name}:start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`${name}:end`);
    });
  store.add(slow('connection'));
  store.add(slow('sampler'));
  await store.dispose();
  expect(order).toEqual(['sampler:start', 'sampler:end', 'connection:start', 'connection:end']);
});

test('a failing item does not stop the others, and its error comes out at the end', async () => {
  const store = new DisposableStore();
  let closed = false;
  store.add(toDisposable(() => void (closed = true)));
  store.add(
    toDisposable(() => {
      throw new Error('boom');
    }),
  );
  await expect(store.dispose()).rejects.toThrow('boom');
  expect(closed).toBe(true);
});

test('adding to a disposed store disposes the item and refuses it', async () => {
  const store = new DisposableStore();
  await store.dispose();
  let disposed = false;
  expect(() => store.add(toDisposable(() => void (disposed = true)))).toThrow(/disposed store/);
  expect(disposed).toBe(true);
});
