import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { host, instanceDir, logFile } from './paths';
import { livePid, requireExecutable, run, terminate } from './proc';
import type { LocalService } from './service';

/** A throwaway cache: no snapshots, no AOF, daemonized with a pidfile in its instance folder. */
export function redisService(port: number): LocalService {
  const dir = instanceDir('redis', port);
  const log = logFile('redis', port);
  const pidFile = join(dir, 'redis.pid');
  return {
    name: 'redis',
    port,
    url: `redis://${host}:${port}`,
    dir,
    logFile: log,
    readyTimeoutMs: 15_000,
    answers: redisAnswers,
    // Redis retitles itself "redis-server 127.0.0.1:<port>".
    pid: () => livePid(pidFile, `redis-server ${host}:${port}`),
    async start() {
      const bin = await requireExecutable('redis-server', 'apt-get install redis-server / brew install redis');
      // Each option is its own argument, so `--save ''` reaches Redis as an empty value.
      await run(bin, [
        '--daemonize', 'yes',
        // ::1 too, for a REDIS_URL that names it; '-' lets Redis start on a machine without IPv6.
        '--bind', host, '-::1',
        '--port', String(port),
        '--save', '',
        '--appendonly', 'no',
        '--dir', dir,
        '--logfile', log,
        '--pidfile', pidFile,
      ]);
    },
    async stop(pid) {
      await terminate(pid, 10_000);
      await rm(pidFile, { force: true });
    },
  };
}

/** True when the server at `url` answers PING. */
async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // a failed probe is the answer, not an error to report
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    // After a refused connection the socket is gone: disconnect() would then hold the
    // process open for ioredis' disconnectTimeout (2s) waiting for a close that already happened.
    if (client.status !== 'end') client.disconnect();
  }
}
