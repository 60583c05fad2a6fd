import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { AppError } from '../../../../shared/errors';
import type { RedisProfile } from '../../../../shared/profile';
import { redactUrl } from '../analysis/redactUrl';
import { backoffDelay } from '../analysis/backoff';
import { connectTimeoutMs } from './serviceConnection';
import type { Ioredis } from './drivers';
import { toTlsOptions } from './tlsOptions';

export type RedisClient = Redis | Cluster;

/** Whether the client is a Cluster's (without loading ioredis for its class). */
export const isCluster = (client: RedisClient): client is Cluster => client.isCluster;

/** Capped at 2 s: sampling must resume within seconds of Redis coming back, and a refused connect is cheap. */
const reconnectBackoff = { intervalMs: 0, baseMs: 250, maxMs: 2_000 };

/** Options common to every node we talk to, whatever the topology. */
function nodeOptions(profile: RedisProfile): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // Fail fast while disconnected: a dashboard must show "down", not queue commands.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => backoffDelay(times, reconnectBackoff),
    connectionName: 'cachescope',
    ...(profile.username ? { username: profile.username } : {}),
    ...(profile.password ? { password: profile.password } : {}),
    ...(profile.tls ? { tls: toTlsOptions(profile.tls) } : {}),
  };
}

function parseHostPort(hostPort: string): { host: string; port: number } {
  const at = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
}

function parseRedisUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('BAD_URL', `Redis URL "${redactUrl(raw)}" is not a URL (expected redis://host:port)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new AppError('BAD_URL', `Redis URL "${redactUrl(raw)}" must start with redis:// or rediss://`);
  }
  return url;
}

/** What the profile points at, for tiles and messages. */
export function redisTarget(profile: RedisProfile): string {
  switch (profile.mode) {
    case 'cluster':
      return `cluster ${redactUrl(profile.clusterNodes.join(','))}`;
    case 'sentinel':
      return `sentinel ${profile.sentinelMasterName}@${redactUrl(profile.sentinels.join(','))}`;
    default:
      return redactUrl(profile.url);
  }
}

/** Builds (without connecting) the ioredis client a profile describes, with the driver loaded by the caller. */
export function createRedisClient({ Cluster, Redis }: Ioredis, profile: RedisProfile): RedisClient {
  const options = nodeOptions(profile);
  if (profile.mode === 'cluster') {
    if (profile.clusterNodes.length === 0) {
      throw new AppError('INVALID_INPUT', 'Redis cluster mode needs at least one node in redis.clusterNodes');
    }
    return new Cluster(profile.clusterNodes.map(parseHostPort), {
      lazyConnect: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: (times) => backoffDelay(times, reconnectBackoff),
      redisOptions: options,
    });
  }
  if (profile.mode === 'sentinel') {
    if (profile.sentinels.length === 0) {
      throw new AppError('INVALID_INPUT', 'Redis sentinel mode needs at least one address in redis.sentinels');
    }
    return new Redis({
      ...options,
      sentinels: profile.sentinels.map(parseHostPort),
      name: profile.sentinelMasterName,
      sentinelRetryStrategy: (times) => backoffDelay(times, reconnectBackoff),
      ...(profile.password ? { sentinelPassword: profile.password } : {}),
    });
  }
  const url = parseRedisUrl(profile.url);
  const db = Number(url.pathname.replace('/', '') || '0');
  return new Redis({
    ...options,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 6379),
    db: Number.isInteger(db) ? db : 0,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: toTlsOptions(profile.tls) ?? {} } : {}),
  });
}
