import { AppError } from '../../../../shared/errors';
import { masterForKey } from '../keys/keyNodes';
import { readKeyDetail } from '../keys/readKeyDetail';
import type { ProfileSession } from '../profiles/profileSession';
import type { CoreContext, Handlers } from '../rpc/handlers';
import { groupDeadLetters } from '../deadLetters/groupDeadLetters';
import { listDeadLetters } from '../deadLetters/listDeadLetters';
import { readDeadLetterDetail } from '../deadLetters/readDeadLetterDetail';
import type { DeadLetterSource } from '../deadLetters/deadLetterSource';
import { kafkaReadError } from '../connections/kafkaErrors';

type DeadLetterMethod = 'deadLetters.list' | 'deadLetters.groups' | 'deadLetters.get';

/** The DLQ browser's reads. Nothing here changes Kafka, Postgres or Redis (replay and park are controls). */
export function deadLetterHandlers(ctx: CoreContext): Pick<Handlers, DeadLetterMethod> {
  async function sourceOf(session: ProfileSession): Promise<DeadLetterSource> {
    const { target } = session.kafka;
    try {
      return { kafka: await session.kafka.getKafka(), admin: await session.kafka.getAdmin(), target, conventions: session.profile.writeBehind };
    } catch (err) {
      throw kafkaReadError(err, target);
    }
  }

  return {
    'deadLetters.list': async (input) => listDeadLetters(await sourceOf(ctx.session()), input),
    'deadLetters.groups': async (input) => groupDeadLetters(await sourceOf(ctx.session()), input),
    'deadLetters.get': async ({ partition, offset }) => {
      const session = ctx.session();
      return readDeadLetterDetail(
        {
          source: await sourceOf(session),
          namespaces: session.profile.namespaces,
          pool: () => session.postgres.getPool(),
          readCached: async (key) => {
            try {
              const master = masterForKey(await session.redis.getClient(), session.profile.redis, session.redis.target, key);
              return await readKeyDetail(master.client, master.address, key);
            } catch (err) {
              throw err instanceof AppError ? err : session.redis.explainFailure(err);
            }
          },
        },
        partition,
        offset,
      );
    },
  };
}
