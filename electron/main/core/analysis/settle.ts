/**
 * Hysteresis in time: a new value is reported only once it has held for a minimum dwell,
 * so a reading that wobbles around a threshold does not flood the status history. Some
 * changes must not wait (a stall, a breach, a queue caught up): the caller says which.
 */
export interface DwellPolicy {
  /** How long a new value must hold before it replaces the reported one. */
  dwellMs: number;
  /** And for at least this many distinct samples. */
  dwellSamples: number;
}

export const defaultDwell: DwellPolicy = { dwellMs: 5_000, dwellSamples: 3 };

export interface Settled<T> {
  /** The reported value. */
  value: T;
  /** A different value seen since `since`, in `samples` samples up to `lastAt`, not reported yet. */
  pending: { value: T; since: number; lastAt: number; samples: number } | null;
}

/**
 * The reported value after observing `observed` at `at`. Observing the same sample time
 * again (a revision of the same sample) does not count as another sample.
 */
export function settle<T>(previous: Settled<T> | undefined, observed: T, at: number, immediate: boolean, policy: DwellPolicy): Settled<T> {
  if (!previous || observed === previous.value || immediate) return { value: observed, pending: null };
  const held = previous.pending?.value === observed ? previous.pending : null;
  const pending = held
    ? { ...held, lastAt: at, samples: at > held.lastAt ? held.samples + 1 : held.samples }
    : { value: observed, since: at, lastAt: at, samples: 1 };
  if (at - pending.since >= policy.dwellMs && pending.samples >= policy.dwellSamples) return { value: observed, pending: null };
  return { value: previous.value, pending };
}
