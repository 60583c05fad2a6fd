import type { NodeCounters } from './redisInfo';

/** hits / (hits + misses); null when nothing was read, which is neither 0 % nor 100 %. */
export function hitRate(hits: number, misses: number): number | null {
  const reads = hits + misses;
  return reads > 0 ? hits / reads : null;
}

/** Counters read at a moment of the sampler's monotonic clock (performance.now()). */
export interface CounterReading {
  atMs: number;
  counters: NodeCounters;
}

/** What happened on one node between two readings. */
export interface CounterInterval {
  elapsedMs: number;
  hits: number;
  misses: number;
  commands: number;
  evictedKeys: number;
  expiredKeys: number;
}

export type IntervalOutcome =
  | { kind: 'interval'; interval: CounterInterval }
  /** No earlier reading to diff against. */
  | { kind: 'first' }
  /** A counter went down: RESETSTAT, a restart or another server behind the address. */
  | { kind: 'reset' }
  /** The earlier reading is too old: its difference would spread a gap over one point. */
  | { kind: 'stale' };

const monotonic: ReadonlyArray<keyof NodeCounters> = [
  'hits',
  'misses',
  'commands',
  'evictedKeys',
  'expiredKeys',
  'connectionsReceived',
];

/**
 * The node's activity since its previous reading. The interval that holds a reset has no
 * figures rather than negative or partial ones: when the reset happened inside it is unknown.
 */
export function nodeInterval(previous: CounterReading | undefined, current: CounterReading, maxGapMs: number): IntervalOutcome {
  if (!previous) return { kind: 'first' };
  if (monotonic.some((field) => current.counters[field] < previous.counters[field])) return { kind: 'reset' };
  const elapsedMs = current.atMs - previous.atMs;
  if (elapsedMs <= 0 || elapsedMs > maxGapMs) return { kind: 'stale' };
  const delta = (field: keyof NodeCounters) => current.counters[field] - previous.counters[field];
  return {
    kind: 'interval',
    interval: {
      elapsedMs,
      hits: delta('hits'),
      misses: delta('misses'),
      commands: delta('commands'),
      evictedKeys: delta('evictedKeys'),
      expiredKeys: delta('expiredKeys'),
    },
  };
}

/** Per-second rate of `count` over `elapsedMs`. */
export function perSecond(count: number, elapsedMs: number): number {
  return (count / elapsedMs) * 1000;
}
