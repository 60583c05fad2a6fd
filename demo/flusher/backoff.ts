/**
 * Exponential backoff for retrying transient failures. "Equal jitter" keeps at least half
 * of each delay, so retries still back off, and spreads the rest at random, so flushers
 * that failed together (Postgres restarted under all of them) do not retry in lockstep.
 */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** No delay grows beyond this. */
  maxMs: number;
  /** Growth per failure; 2 doubles. */
  factor?: number;
  jitter?: 'none' | 'equal';
}

export const defaultBackoff: BackoffPolicy = { baseMs: 100, maxMs: 5_000, factor: 2, jitter: 'equal' };

/** Delay before retry number `retry` (1 for the first retry). */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const { baseMs, maxMs, factor = 2, jitter = 'equal' } = policy;
  const exponent = Math.min(Math.max(retry, 1) - 1, 52);
  const capped = Math.min(maxMs, baseMs * factor ** exponent);
  if (jitter === 'none') return capped;
  return capped / 2 + (capped / 2) * random();
}
