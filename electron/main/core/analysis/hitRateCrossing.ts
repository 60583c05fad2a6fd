import type { StatsSample } from '../../../../shared/contracts/stats';
import { alertPercentText } from '../../../../shared/hitRateAlert';
import { formatPercent } from '../../../../shared/formatUnits';
import type { TimelineDraft } from './timelineDraft';

/** Whether the hit rate was below the alert level at the last judged sample; null before the first. */
export type HitRateAlertState = boolean | null;

/**
 * Crossings of the hit-rate alert level, judged on the last minute's hit rate (the interval's
 * own flaps with every burst of misses). Going below is an alert, coming back to the level or
 * above clears it; a minute without reads changes nothing. A level of 0 never alerts. Already
 * below when watching starts is an alert too: it is news to whoever opens the timeline.
 */
export function hitRateCrossing(state: HitRateAlertState, sample: StatsSample, level: number): { state: HitRateAlertState; draft: TimelineDraft | null } {
  const rate = sample.hitRates.lastMinute;
  if (rate === null || sample.error !== null) return { state, draft: null };
  const below = level > 0 && rate < level;
  if (below === state || (state === null && !below)) return { state: below, draft: null };
  const percent = alertPercentText(level);
  return {
    state: below,
    draft: {
      kind: 'hitRate',
      at: sample.at,
      severity: below ? 'warning' : 'ok',
      title: below ? `Hit rate below ${percent} %` : `Hit rate back above ${percent} %`,
      detail: `${formatPercent(rate)} over the last minute`,
      route: '/cache',
      source: 'stats sampler',
    },
  };
}
