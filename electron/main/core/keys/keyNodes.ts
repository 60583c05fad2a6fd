import { AppError } from '../../../../shared/errors';
import type { RedisProfile } from '../../../../shared/profile';
import { isCluster, type RedisClient } from '../connections/redisClient';
import { clientForKey, currentNodes } from '../samplers/redisNodes';
import type { ScanNode } from './scanKeys';

/** The masters that hold keys: each of a Cluster's, or the one server. */
export function masterNodes(client: RedisClient, profile: RedisProfile, target: string): ScanNode[] {
  return currentNodes(client, profile, target)
    .filter((node) => node.role === 'master')
    .map(({ address, client: nodeClient }) => ({ address, client: nodeClient }));
}

/**
 * The master that holds `key`, so every command about it (MEMORY USAGE and OBJECT included,
 * which ioredis cannot route) goes straight there.
 */
export function masterForKey(client: RedisClient, profile: RedisProfile, target: string, key: Uint8Array): ScanNode {
  const masters = masterNodes(client, profile, target);
  const owner = isCluster(client) ? clientForKey(client, key) : masters[0]?.client;
  const master = masters.find((m) => m.client === owner);
  if (!master) throw new AppError('UNAVAILABLE', `no master of ${target} is known to hold this key's slot yet: try again in a moment`);
  return master;
}
