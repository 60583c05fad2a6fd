/**
 * Crash-test hooks: a replay or park can be told to stop dead at one point of its sequence,
 * say so on stderr, and wait there to be killed with SIGKILL (tests/integration/replay).
 *
 *   CACHESCOPE_REPLAY_PAUSE_AT=before-produce|after-produce
 *   CACHESCOPE_REPLAY_PAUSE_AT_COUNT=n   (the n-th time the point is reached; default 1)
 *
 * Unset, every hook is a no-op.
 */
export const replayPausePoints = ['before-produce', 'after-produce'] as const;
export type ReplayPausePoint = (typeof replayPausePoints)[number];

export interface ReplayPause {
  reached(point: ReplayPausePoint): Promise<void>;
}

export const noReplayPause: ReplayPause = { reached: () => Promise.resolve() };

export function replayPauseFromEnv(env: NodeJS.ProcessEnv, announce: (line: string) => void): ReplayPause {
  const point = env.CACHESCOPE_REPLAY_PAUSE_AT as ReplayPausePoint | undefined;
  if (!point || !replayPausePoints.includes(point)) return noReplayPause;
  const pauseAt = Math.max(1, Number(env.CACHESCOPE_REPLAY_PAUSE_AT_COUNT ?? 1) || 1);
  let seen = 0;
  return {
    reached(reachedPoint) {
      if (reachedPoint !== point || ++seen !== pauseAt) return Promise.resolve();
      announce(`paused at ${point}`);
      // Never resolves; the interval keeps the event loop alive until the test kills the process.
      return new Promise<void>(() => setInterval(() => undefined, 60_000));
    },
  };
}
