import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { host } from './paths';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Asked between attempts: a reason to give up before the timeout (e.g. the process exited). */
  giveUpIf?: () => Promise<string | undefined>;
  /** The error message on timeout. */
  timeoutMessage?: string;
}

/** Polls `check` until it answers true; rejects with the reason it gave up. */
export async function waitUntil(check: () => Promise<boolean>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (await check()) return;
    const reason = await opts.giveUpIf?.();
    if (reason) throw new Error(reason);
    if (Date.now() >= deadline) throw new Error(opts.timeoutMessage ?? `not ready after ${duration(opts.timeoutMs)}`);
    await sleep(opts.intervalMs ?? 500);
  }
}

/** True when something accepts TCP connections on the loopback port, whatever it speaks. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const answer = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });
}

/** A duration for humans: "14.2s", or "40ms" below a second. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}
