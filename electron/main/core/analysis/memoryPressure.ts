import type { StatsSample } from '../../../../shared/contracts/stats';
import { formatBytes, formatPercent, formatRate } from '../../../../shared/formatUnits';
import type { TimelineDraft } from './timelineDraft';

/** Evictions after at least this long without any are a spike. */
export const evictionQuietMs = 60_000;
/** used_memory at or above this share of maxmemory is high; it is over once below the lower one. */
export const memoryHighShare = 0.9;
export const memoryEasedShare = 0.85;

export interface MemoryPressureState {
  /** Since when no key was evicted; null while evicting, or before the first reading. */
  quietSince: number | null;
  /** Whether memory was at or above the high share; null until known (no maxmemory, no reading). */
  memoryHigh: boolean | null;
}

export const initialMemoryPressure: MemoryPressureState = { quietSince: null, memoryHigh: null };

/**
 * Memory and eviction spikes from a stats sample:
 * - evictions: the evicted keys per second go above 0 after at least a quiet minute (so an
 *   eviction storm is one event, and a cache evicting when watching starts is none: nothing
 *   changed that anyone could date);
 * - memory: used_memory reaches 90 % of maxmemory (summed over the masters), and eases below
 *   85 % (the gap keeps a cache hovering at 90 % from flapping). No maxmemory, no memory event.
 */
export function memoryPressure(state: MemoryPressureState, sample: StatsSample): { state: MemoryPressureState; drafts: TimelineDraft[] } {
  const drafts: TimelineDraft[] = [];
  let { quietSince, memoryHigh } = state;
  const evicted = sample.evictedPerSec;
  if (evicted !== null && sample.error === null) {
    if (evicted === 0) quietSince ??= sample.at;
    else {
      if (quietSince !== null && sample.at - quietSince >= evictionQuietMs) {
        drafts.push({
          kind: 'memory',
          at: sample.at,
          severity: 'warning',
          title: 'Evictions started',
          detail: `${formatRate(evicted)} keys/s evicted after a quiet minute${sample.maxMemoryPolicy ? ` (policy ${sample.maxMemoryPolicy})` : ''}`,
          route: '/cache',
          source: 'stats sampler',
        });
      }
      quietSince = null;
    }
  }
  const { usedMemory, maxMemory } = sample;
  if (usedMemory !== null && maxMemory !== null && maxMemory > 0 && sample.error === null) {
    const share = usedMemory / maxMemory;
    const high = memoryHigh === true ? share >= memoryEasedShare : share >= memoryHighShare;
    if (high !== memoryHigh && (memoryHigh !== null || high)) {
      drafts.push({
        kind: 'memory',
        at: sample.levelsAt ?? sample.at,
        severity: high ? 'warning' : 'ok',
        title: high ? `Memory at ${formatPercent(share, 0)} of maxmemory` : `Memory eased to ${formatPercent(share, 0)} of maxmemory`,
        detail: `${formatBytes(usedMemory)} used of ${formatBytes(maxMemory)}`,
        route: '/cache',
        source: 'stats sampler',
      });
    }
    memoryHigh = high;
  }
  return { state: { quietSince, memoryHigh }, drafts };
}
