import type { CoreContext, Handlers } from '../rpc/handlers';
import { profileSecrets, scrubSecrets } from '../analysis/scrubSecrets';
import { exportIncident } from '../timeline/incidentExport';
import { timelineEvents } from '../timeline/timelineEvents';
import { timelineSeries } from '../timeline/timelineSeries';

type TimelineMethod = 'timeline.list' | 'timeline.series' | 'timeline.annotate' | 'timeline.setHitRateAlert' | 'timeline.exportIncident';

export function timelineHandlers(ctx: CoreContext): Pick<Handlers, TimelineMethod> {
  return {
    'timeline.list': async (query) => {
      const session = ctx.session();
      const { timeline } = session;
      const page = await timelineEvents(timeline, ctx.audit, session.profile.id, query);
      return { profileId: session.profile.id, ...page, maxAgeMs: timeline.maxAgeMs, maxEvents: timeline.maxEvents };
    },
    'timeline.series': async ({ from, to }) => {
      const session = ctx.session();
      return { profileId: session.profile.id, from, to, ...(await timelineSeries(session, from, to)) };
    },
    // A note pasted from a terminal may hold a password: it is kept without it.
    'timeline.annotate': async ({ text, at }) => ctx.session().timeline.annotate(scrubSecrets(text, ctx.profiles().flatMap(profileSecrets)), at),
    'timeline.setHitRateAlert': async ({ ratio }) => {
      await ctx.session().timeline.setHitRateAlert(ratio);
      return { ratio };
    },
    'timeline.exportIncident': async (window) => {
      const session = ctx.session();
      return exportIncident(window, {
        session,
        audit: ctx.audit,
        secrets: ctx.profiles().flatMap(profileSecrets),
        keyComparisons: async (w) => session.comparisons.inWindow(w),
      });
    },
  };
}
