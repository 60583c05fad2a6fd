import { AppError } from '../../../../shared/errors';
import type { OwnReads } from '../analysis/ownReads';
import { encodeCommands, type RespArg } from '../analysis/respEncoding';
import type { RespConnection, RespReply } from '../connections/respConnection';

export interface KeyReading {
  /** `none` when the key was gone by the time it was read. */
  type: string;
  pttlMs: number;
  memory: number;
}

/** TYPE, PTTL and MEMORY USAGE of each key, three commands a key, written in one go. */
export function keyReadCommands(keys: readonly Uint8Array[], samples: number): RespArg[][] {
  const sampleCount = String(samples);
  const commands: RespArg[][] = [];
  for (const key of keys) commands.push(['TYPE', key], ['PTTL', key], ['MEMORY', 'USAGE', key, 'SAMPLES', sampleCount]);
  return commands;
}

/** A Cluster moving the key's slot while we scan: the key is no longer this node's to count. */
const redirected = /^(MOVED|ASK|TRYAGAIN) /;

function throwIfRefused(reply: RespReply | undefined, command: string, address: string): void {
  if (reply instanceof Error && !redirected.test(reply.message)) {
    throw new AppError('UNAVAILABLE', `Redis at ${address} refused ${command} during the keys analysis: ${reply.message}`);
  }
}

export interface KeyBatch {
  readings: KeyReading[];
  /** The hits and misses our TYPE and PTTL counted in the server's keyspace statistics. */
  reads: OwnReads;
}

const gone: KeyReading = { type: 'none', pttlMs: -2, memory: 0 };

/**
 * The readings of `count` keys from the replies to keyReadCommands. A key that expired or was
 * deleted between SCAN and any of its three reads (TYPE `none`, PTTL -2, no MEMORY USAGE), or
 * whose slot moved to another node, reads as gone. Every key of the batch redirected means
 * the node is no longer a master (a failover): the analysis would miss its keys, so it fails.
 * Any other error reply (a user not allowed MEMORY USAGE, say) fails the batch in the
 * server's words.
 */
export function keyReadings(replies: readonly RespReply[], count: number, address: string): KeyBatch {
  const readings: KeyReading[] = new Array(count);
  const reads = { hits: 0, misses: 0 };
  let redirectedKeys = 0;
  for (let i = 0; i < count; i++) {
    const type = replies[3 * i];
    const pttl = replies[3 * i + 1];
    const memory = replies[3 * i + 2];
    throwIfRefused(type, 'TYPE', address);
    throwIfRefused(pttl, 'PTTL', address);
    throwIfRefused(memory, 'MEMORY USAGE', address);
    const kind = Buffer.isBuffer(type) ? type.toString('latin1') : null;
    if (kind !== null) reads[kind === 'none' ? 'misses' : 'hits']++;
    if (typeof pttl === 'number') reads[pttl === -2 ? 'misses' : 'hits']++;
    if (kind === null) redirectedKeys++;
    readings[i] = kind === null || kind === 'none' || typeof pttl !== 'number' || pttl === -2 || typeof memory !== 'number' ? gone : { type: kind, pttlMs: pttl, memory };
  }
  if (count > 0 && redirectedKeys === count) {
    throw new AppError('UNAVAILABLE', `Redis at ${address} is no longer a master of the keys it listed (failover or resharding?): analyse again`);
  }
  return { readings, reads };
}

/** Reads a batch of keys in one round trip on the analysis' own connection. */
export async function readKeys(connection: RespConnection, keys: readonly Uint8Array[], samples: number): Promise<KeyBatch> {
  const replies = await connection.request(encodeCommands(keyReadCommands(keys, samples)), 3 * keys.length);
  return keyReadings(replies, keys.length, connection.address);
}
