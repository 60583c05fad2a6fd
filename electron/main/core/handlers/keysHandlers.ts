import { AppError } from '../../../../shared/errors';
import { keyNameFromHex } from '../../../../shared/keyName';
import { keySearchPattern } from '../analysis/keySearchPattern';
import type { RedisClient } from '../connections/redisClient';
import { masterForKey, masterNodes } from '../keys/keyNodes';
import { readKeyDetail } from '../keys/readKeyDetail';
import { scanKeyPage } from '../keys/scanKeys';
import type { ProfileSession } from '../profiles/profileSession';
import type { CoreContext, Handlers } from '../rpc/handlers';

/** The key browser's reads: a page of keys, one key in detail. Nothing here changes Redis. */
export function keysHandlers(ctx: CoreContext): Pick<Handlers, 'keys.scan' | 'keys.get'> {
  /** Runs `read` on the active profile's Redis; a failure that is not ours says why the connection failed. */
  async function withRedis<T>(read: (client: RedisClient, session: ProfileSession) => Promise<T>): Promise<T> {
    const session = ctx.session();
    try {
      return await read(await session.redis.getClient(), session);
    } catch (err) {
      throw err instanceof AppError ? err : session.redis.explainFailure(err);
    }
  }

  return {
    'keys.scan': async ({ search, cursor, pageSize }) => {
      const pattern = keySearchPattern(search);
      return withRedis((client, { profile, redis, ownReads }) =>
        scanKeyPage(masterNodes(client, profile.redis, redis.target), pattern, cursor, pageSize, undefined, ownReads),
      );
    },
    'keys.get': async ({ hex }) => {
      const key = Buffer.from(keyNameFromHex(hex));
      return withRedis((client, { profile, redis }) => {
        const master = masterForKey(client, profile.redis, redis.target, key);
        return readKeyDetail(master.client, master.address, key);
      });
    },
  };
}
