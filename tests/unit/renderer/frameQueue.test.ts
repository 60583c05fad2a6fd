import { expect, test } from 'vitest';
import { FrameQueue } from '../../../renderer/src/charts/frameQueue';

/** Frames run by hand. */
function frames() {
  const waiting = new Map<number, () => void>();
  let next = 1;
  return {
    request: (run: () => void) => {
      waiting.set(next, run);
      return next++;
    },
    cancel: (frame: number) => waiting.delete(frame),
    get count() {
      return waiting.size;
    },
    runFrame() {
      const [frame, run] = [...waiting.entries()][0] ?? [];
      if (frame === undefined) return false;
      waiting.delete(frame);
      run!();
      return true;
    },
  };
}

test('one redraw a frame, in the order asked; asking again keeps the place and runs the latest', () => {
  const clock = frames();
  const queue = new FrameQueue(clock.request, clock.cancel);
  const ran: string[] = [];
  const [a, b, c] = [{}, {}, {}];
  queue.schedule(a, () => ran.push('a1'));
  queue.schedule(b, () => ran.push('b1'));
  queue.schedule(c, () => ran.push('c1'));
  queue.schedule(a, () => ran.push('a2'));
  expect(clock.count).toBe(1);
  clock.runFrame();
  expect(ran).toEqual(['a2']);
  clock.runFrame();
  clock.runFrame();
  expect(ran).toEqual(['a2', 'b1', 'c1']);
  expect(clock.runFrame()).toBe(false);
});

test('a cancelled owner does not run, and an empty queue asks for no frame', () => {
  const clock = frames();
  const queue = new FrameQueue(clock.request, clock.cancel);
  const ran: string[] = [];
  const [a, b] = [{}, {}];
  queue.schedule(a, () => ran.push('a'));
  queue.schedule(b, () => ran.push('b'));
  queue.cancel(a);
  while (clock.runFrame());
  expect(ran).toEqual(['b']);
  queue.schedule(a, () => ran.push('a'));
  queue.cancel(a);
  expect(clock.count).toBe(0);
  expect(clock.runFrame()).toBe(false);
  expect(ran).toEqual(['b']);
});
