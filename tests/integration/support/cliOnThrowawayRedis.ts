import { afterAll, beforeAll, inject } from 'vitest';
import { Redis } from 'ioredis';
import { endpointsToEnv } from '../../../demo/config';
import { testHome } from '../stats/support';
import { runCli, type CliRun } from './runCli';
import { freePort, ThrowawayRedis } from './throwawayRedis';

export interface CliOnThrowawayRedis {
  home: ReturnType<typeof testHome>;
  server: ThrowawayRedis;
  /** A client on the server, to seed and check keys. */
  redis: Redis;
  /** `cachescope args` with the home as its user data, on the shared services but for Redis: the server. */
  run(args: string[]): Promise<CliRun>;
}

/**
 * The `cachescope` command against a redis-server and a user-data folder of the test file's own,
 * the server started before the file's tests; both removed after them.
 */
export function useCliOnThrowawayRedis(): CliOnThrowawayRedis {
  const endpoints = inject('endpoints');
  const cachescope = {
    home: testHome(),
    run: (args: string[]) => runCli(args, { CACHESCOPE_HOME: cachescope.home.home, ...endpointsToEnv({ ...endpoints, redisUrl: cachescope.server.url }) }),
  } as CliOnThrowawayRedis;
  beforeAll(async () => {
    cachescope.server = new ThrowawayRedis(await freePort());
    await cachescope.server.start();
    cachescope.redis = new Redis(cachescope.server.url);
  });
  afterAll(async () => {
    cachescope.redis?.disconnect();
    await cachescope.server?.kill();
    cachescope.home.remove();
  });
  return cachescope;
}
