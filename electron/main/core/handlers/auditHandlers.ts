import type { CoreContext, Handlers } from '../rpc/handlers';

export function auditHandlers(ctx: CoreContext): Pick<Handlers, 'audit.list'> {
  return {
    'audit.list': async ({ limit, before, action, outcome, text, since }) => ctx.audit.read({ limit, before, action, outcome, text, since }),
  };
}
