import { compareSampleJobKind } from '../../../../shared/contracts/investigate';
import { AppError } from '../../../../shared/errors';
import { keyNameFromHex } from '../../../../shared/keyName';
import { namespaceOfPattern } from '../analysis/namespaceStats';
import { kafkaReadError } from '../connections/kafkaErrors';
import type { RedisClient } from '../connections/redisClient';
import { compareKey, type CompareDependencies } from '../investigate/compareKey';
import { compareSample, sampleMapping } from '../investigate/compareSample';
import { masterForKey, masterNodes } from '../keys/keyNodes';
import type { ProfileSession } from '../profiles/profileSession';
import type { CoreContext, Handlers } from '../rpc/handlers';

/** What a comparison borrows from the session: its Redis client, Postgres pool and Kafka reader. */
function compareDependencies(session: ProfileSession, client: RedisClient): CompareDependencies {
  const { profile, redis, postgres, kafka } = session;
  return {
    profile,
    masterFor: (key) => masterForKey(client, profile.redis, redis.target, key),
    pool: () => postgres.getPool(),
    fetcher: () => kafka.getFetcher(),
    async kafkaFailure(err, topic) {
      await kafka.resetFetcher();
      return kafkaReadError(err, kafka.target, topic).message;
    },
  };
}

/** Investigate: cache vs database for a key, and for a sample of a namespace. Nothing here changes anything. */
export function investigateHandlers(ctx: CoreContext): Pick<Handlers, 'keys.compare' | 'keys.compareSample' | 'keys.compareNamespaces'> {
  async function redisClient(session: ProfileSession): Promise<RedisClient> {
    try {
      return await session.redis.getClient();
    } catch (err) {
      throw err instanceof AppError ? err : session.redis.explainFailure(err);
    }
  }

  return {
    'keys.compare': async ({ hex }) => {
      const key = Buffer.from(keyNameFromHex(hex));
      const session = ctx.session();
      const deps = compareDependencies(session, await redisClient(session));
      try {
        const comparison = await compareKey(deps, key);
        session.comparisons.add(comparison);
        await session.timeline.add({
          kind: 'investigation',
          at: comparison.comparedAt,
          severity: comparison.problem ? 'warning' : 'info',
          title: `${comparison.key.display}: ${comparison.verdict}`,
          detail: comparison.headline,
          route: `/investigate?key=${comparison.key.hex}`,
          source: 'you',
        });
        return comparison;
      } catch (err) {
        if (err instanceof AppError) throw err;
        const code = (err as { code?: string }).code;
        // pg errors carry a SQLSTATE; everything else here is Redis's.
        throw typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? new AppError('UNAVAILABLE', `PostgreSQL: ${(err as Error).message}`) : session.redis.explainFailure(err);
      }
    },
    'keys.compareSample': async (input) => {
      const session = ctx.session();
      const mapping = sampleMapping(session.profile.namespaces, input.namespace);
      const client = await redisClient(session);
      const deps = compareDependencies(session, client);
      const nodes = masterNodes(client, session.profile.redis, session.redis.target);
      return session.jobs.start(compareSampleJobKind, `Compare ${input.sample} ${mapping.keyPattern} keys with ${mapping.table}`, (job) => compareSample(deps, nodes, input, job));
    },
    'keys.compareNamespaces': async () => ({
      namespaces: ctx.session().profile.namespaces.map((m) => ({ namespace: namespaceOfPattern(m.keyPattern) || m.keyPattern, keyPattern: m.keyPattern, table: m.schema ? `${m.schema}.${m.table}` : m.table })),
    }),
  };
}
