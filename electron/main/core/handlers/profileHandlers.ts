import type { ProfileList } from '../../../../shared/contract';
import { isReadOnly } from '../../../../shared/profile';
import { redisTarget } from '../connections/redisClient';
import { kafkaTarget } from '../connections/kafkaConnection';
import { redactUrl } from '../analysis/redactUrl';
import type { CoreContext, Handlers } from '../rpc/handlers';

export function profileList(ctx: CoreContext): ProfileList {
  return {
    activeId: ctx.session().profile.id,
    profilesFile: ctx.profilesFile,
    warnings: [...ctx.warnings],
    profiles: ctx.profiles().map((p) => ({
      id: p.id,
      name: p.name,
      redisTarget: redisTarget(p.redis),
      postgresTarget: redactUrl(p.postgres.url),
      kafkaTarget: kafkaTarget(p.kafka),
      environment: p.environment,
      readOnly: isReadOnly(p),
      confirmAbove: p.controls.confirmAbove,
    })),
  };
}

export function profileHandlers(ctx: CoreContext): Pick<Handlers, 'profiles.list' | 'profiles.select'> {
  return {
    'profiles.list': async () => profileList(ctx),
    'profiles.select': async ({ id }) => {
      await ctx.selectProfile(id);
      return profileList(ctx);
    },
  };
}
