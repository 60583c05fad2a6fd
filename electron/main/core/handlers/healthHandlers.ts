import type { CoreContext, Handlers } from '../rpc/handlers';

export function healthHandlers(ctx: CoreContext): Pick<Handlers, 'health.check'> {
  return {
    'health.check': async ({ fresh }) => {
      const monitor = ctx.session().health;
      if (fresh) return monitor.checkNow();
      monitor.start();
      const report = monitor.report();
      // Before the first probes finish there is nothing to show: wait for them.
      const unknown = [report.redis, report.postgres, report.kafka].some((s) => s.state === 'unknown');
      return unknown ? monitor.checkNow() : report;
    },
  };
}
