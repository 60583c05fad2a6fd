import type { TimelineSeries } from '../../../../shared/contracts/timeline';
import { queueSeries } from '../history/queueSeries';
import type { ProfileSession } from '../profiles/profileSession';

/** The figures behind a timeline window, all from the profile's saved history. */
export async function timelineSeries(session: ProfileSession, from: number, to: number, now = Date.now()): Promise<TimelineSeries> {
  const stats = await session.stats.historyBetween(from, to);
  const history = await session.statsHistory.open();
  const range = { from, to, now };
  const stepMs = session.queueLag.intervalMs;
  return {
    hitRate: stats.series.hitRate,
    usedMemory: stats.series.usedMemory,
    evictedPerSec: stats.series.evictedPerSec,
    totalLag: queueSeries(history, 'totalLag', range, stepMs),
    dlqDepth: queueSeries(history, 'dlqDepth', range, stepMs),
  };
}
