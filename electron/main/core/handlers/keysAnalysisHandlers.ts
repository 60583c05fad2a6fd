import type { CoreContext, Handlers } from '../rpc/handlers';

export function keysAnalysisHandlers(ctx: CoreContext): Pick<Handlers, 'keys.analyze' | 'keys.analysis' | 'keys.risks'> {
  return {
    'keys.analyze': async (options) => ctx.session().keyAnalyses.start(options),
    'keys.analysis': async () => ctx.session().keyAnalyses.overview(),
    'keys.risks': async () => ctx.session().keyAnalyses.risks(),
  };
}
