import type { Redis } from 'ioredis';
import type { RedisProfile } from '../../../../shared/profile';
import { clusterKeySlot } from '../analysis/clusterKeySlot';
import { redactUrl } from '../analysis/redactUrl';
import { isCluster, type RedisClient } from '../connections/redisClient';

/** A server the sampler reads, through a client the connection owns. */
export interface RedisNode {
  /** host:port; what the per-node table shows. */
  address: string;
  role: 'master' | 'replica';
  client: Redis;
}

function hostPort(host: string | undefined, port: number | undefined): string {
  const bare = host ?? '?';
  return `${bare.includes(':') ? `[${bare}]` : bare}:${port ?? '?'}`;
}

/** The standalone server as the profile names it (host:port of its URL). */
export function standaloneAddress(profile: RedisProfile): string {
  // Through the one redaction: a password that breaks URL syntax must not pass for a host or port.
  const address = redactUrl(profile.url).replace(/^[\w+.-]+:\/\//, '').replace(/\/.*$/, '');
  return address.startsWith('(') || /:\d+$/.test(address) ? address : `${address}:6379`;
}

/** Where a node is before anything answered: enough to say what is down. */
export function expectedAddress(profile: RedisProfile, target: string): string {
  if (profile.mode === 'standalone') return standaloneAddress(profile);
  if (profile.mode === 'sentinel') return `${profile.sentinelMasterName} (via sentinel)`;
  return target;
}

/**
 * The nodes to read now: every master and replica a Cluster knows (it keeps a client per
 * node), the master Sentinel selected (the server the client is connected to), or the
 * standalone server.
 */
export function currentNodes(client: RedisClient, profile: RedisProfile, target: string): RedisNode[] {
  if (isCluster(client)) {
    const node = (role: RedisNode['role']) => (n: Redis) => ({ address: hostPort(n.options.host, n.options.port), role, client: n });
    return [...client.nodes('master').map(node('master')), ...client.nodes('slave').map(node('replica'))];
  }
  if (profile.mode === 'sentinel') {
    const socket = client.stream;
    const address = socket?.remoteAddress ? hostPort(socket.remoteAddress, socket.remotePort) : expectedAddress(profile, target);
    return [{ address, role: 'master', client }];
  }
  return [{ address: standaloneAddress(profile), role: 'master', client }];
}

/**
 * The server that holds `key`. Commands ioredis cannot route by key (MEMORY USAGE) go
 * there directly: sent through the Cluster they would bounce with MOVED and make it
 * refetch the slot map each time.
 */
export function clientForKey(client: RedisClient, key: string | Uint8Array): RedisClient {
  if (!isCluster(client)) return client;
  const owner = client.slots[clusterKeySlot(key)]?.[0];
  return client.nodes('master').find((n) => hostPort(n.options.host, n.options.port) === owner) ?? client;
}

/**
 * Asks a Cluster client to re-read the slot map. ioredis does so only after a MOVED or a lost
 * node, so without this a failover's new master, a returning node or a new one stays unseen.
 */
export function refreshTopology(client: RedisClient): void {
  if (isCluster(client)) client.refreshSlotsCache(() => undefined);
}
