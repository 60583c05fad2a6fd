/**
 * Test hooks for crash tests: the flusher can be told to stop dead at one point of its
 * commit sequence, announce it on stdout, and wait there to be killed with SIGKILL.
 *
 *   DEMO_FLUSHER_PAUSE_AT=before-pg-commit|after-pg-commit
 *   DEMO_FLUSHER_PAUSE_AT_COUNT=n   (pause the n-th time the point is reached; default 1)
 *
 * Unset, every hook is a no-op.
 */
export const pausePoints = ['before-pg-commit', 'after-pg-commit'] as const;
export type PausePoint = (typeof pausePoints)[number];

export const pauseAnnouncement = (point: PausePoint) => `paused at ${point}`;

export interface PauseHooks {
  reached(point: PausePoint): Promise<void>;
}

export const noPauseHooks: PauseHooks = { reached: () => Promise.resolve() };

export function pauseHooksFromEnv(env: NodeJS.ProcessEnv, announce: (line: string) => void): PauseHooks {
  const point = env.DEMO_FLUSHER_PAUSE_AT as PausePoint | undefined;
  if (!point) return noPauseHooks;
  if (!pausePoints.includes(point)) throw new Error(`DEMO_FLUSHER_PAUSE_AT must be one of ${pausePoints.join(', ')}`);
  const pauseAt = Math.max(1, Number(env.DEMO_FLUSHER_PAUSE_AT_COUNT ?? 1) || 1);
  let seen = 0;
  return {
    reached(reachedPoint) {
      if (reachedPoint !== point || ++seen !== pauseAt) return Promise.resolve();
      announce(pauseAnnouncement(point));
      // Never resolves; the interval keeps the event loop alive until the test kills us.
      return new Promise<void>(() => setInterval(() => undefined, 60_000));
    },
  };
}
