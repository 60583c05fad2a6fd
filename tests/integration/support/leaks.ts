import { expect } from 'vitest';

/** Handles Node counts as alive: sockets and timers are what a leaking owner leaves. */
export function liveHandles(): string[] {
  return process.getActiveResourcesInfo().filter((r) => /TCP|Timeout|Immediate|Pipe/.test(r) && r !== 'PipeWrap');
}

/**
 * Asserts that `fn` leaves no more sockets or timers than it found, giving drivers a
 * short grace period for sockets that close asynchronously after dispose.
 */
export async function expectNoLeaks(fn: () => Promise<void>, graceMs = 4_000): Promise<void> {
  const before = liveHandles().length;
  await fn();
  await expect.poll(() => liveHandles().length, { timeout: graceMs, interval: 50 }).toBeLessThanOrEqual(before);
}
