import { maxHistoryRangeMs } from '../../../../shared/contracts/stats';
import { AppError } from '../../../../shared/errors';
import type { CoreContext, Handlers } from '../rpc/handlers';

export function statsHandlers(ctx: CoreContext): Pick<Handlers, 'stats.snapshot' | 'stats.watch' | 'stats.history'> {
  return {
    'stats.snapshot': async ({ fresh }) => ctx.session().stats.snapshot(fresh),
    'stats.watch': async () => {
      const sampler = ctx.session().stats;
      await sampler.start();
      return { intervalMs: sampler.intervalMs, levelIntervalMs: sampler.levelIntervalMs };
    },
    'stats.history': async ({ from, to }) => {
      const end = to ?? Date.now();
      if (end - from > maxHistoryRangeMs) {
        throw new AppError('INVALID_INPUT', `the history covers at most 7 days; asked for ${Math.ceil((end - from) / 86_400_000)}`);
      }
      return ctx.session().stats.historyBetween(from, end);
    },
  };
}
