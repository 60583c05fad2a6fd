import type { CoreContext, Handlers } from '../rpc/handlers';

export function jobHandlers(ctx: CoreContext): Pick<Handlers, 'job.get' | 'job.list' | 'job.cancel'> {
  return {
    'job.get': async ({ id }) => ctx.session().jobs.get(id),
    'job.list': async () => ({ jobs: ctx.session().jobs.list() }),
    'job.cancel': async ({ id }) => ctx.session().jobs.cancel(id),
  };
}
