import type { CoreContext, Handlers } from '../rpc/handlers';
import { appVersion } from '../appVersion';

export function appHandlers(ctx: CoreContext): Pick<Handlers, 'app.info'> {
  return {
    'app.info': async () => ({ name: 'CacheScope', version: appVersion, frontEnd: ctx.frontEnd }),
  };
}
