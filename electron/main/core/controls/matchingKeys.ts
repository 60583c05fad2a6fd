import type { ParsedInvalidateTarget } from '../../../../shared/contracts/controls';
import { keyNameFromHex, keyNameFromText } from '../../../../shared/keyName';
import { clusterKeySlot } from '../analysis/clusterKeySlot';
import { isCluster, type RedisClient } from '../connections/redisClient';
import type { ScanNode } from '../keys/scanKeys';
import { clientForKey } from '../samplers/redisNodes';

/** Keys of one master, at most one SCAN reply (or one slice of a key list). */
export interface KeyBatch {
  node: ScanNode;
  keys: Buffer[];
}

/**
 * SCAN's COUNT: about half a millisecond of server time per call, so that a host that is
 * busy or slows the server down still keeps each call under 2 ms (DESIGN.md §5).
 */
export const scanCount = 500;

/** The MATCH pattern's bytes for a pattern target. */
export function targetPattern(target: Extract<ParsedInvalidateTarget, { by: 'pattern' }>): Buffer {
  return Buffer.from(target.hex ? keyNameFromHex(target.pattern) : keyNameFromText(target.pattern));
}

async function scanCall(node: ScanNode, cursor: string, pattern: Buffer): Promise<[string, Buffer[]]> {
  const [next, keys] = (await node.client.callBuffer('SCAN', cursor, 'MATCH', pattern, 'COUNT', String(scanCount))) as [Buffer, Buffer[]];
  return [next.toString(), keys];
}

/** A SCAN sent ahead: when the caller stops first, its failure is nobody's to report. */
function scanAhead(node: ScanNode, cursor: string, pattern: Buffer): Promise<[string, Buffer[]]> {
  const reply = scanCall(node, cursor, pattern);
  reply.catch(() => undefined);
  return reply;
}

/**
 * The keys `SCAN … MATCH pattern` returns on each master, one reply at a time. The next SCAN
 * is sent before a batch is handed over, so the caller's work on it (UNLINK) overlaps the
 * scan instead of waiting for it. Stops between batches once `signal` aborts.
 */
export async function* scanBatches(nodes: readonly ScanNode[], pattern: Buffer, signal: AbortSignal): AsyncGenerator<KeyBatch> {
  for (const node of nodes) {
    let reply = scanAhead(node, '0', pattern);
    for (;;) {
      const [next, keys] = await reply;
      if (next !== '0' && !signal.aborted) reply = scanAhead(node, next, pattern);
      if (keys.length > 0) yield { node, keys };
      if (next === '0' || signal.aborted) break;
    }
    if (signal.aborted) return;
  }
}

/**
 * Named keys grouped by the master that holds them (by slot on a Cluster), in slices of
 * at most `size`, each slice within one slot so a multi-key command is never CROSSSLOT.
 */
export function* namedKeyBatches(client: RedisClient, masters: readonly ScanNode[], hexKeys: readonly string[], size: number): Generator<KeyBatch> {
  const unique = [...new Set(hexKeys)].map((hex) => Buffer.from(keyNameFromHex(hex)));
  const groups = new Map<string, Buffer[]>();
  for (const key of unique) {
    const group = isCluster(client) ? String(clusterKeySlot(key)) : 'all';
    const keys = groups.get(group);
    if (keys) keys.push(key);
    else groups.set(group, [key]);
  }
  for (const keys of groups.values()) {
    const owner = clientForKey(client, keys[0]!);
    const node = masters.find((m) => m.client === owner) ?? masters[0]!;
    for (let at = 0; at < keys.length; at += size) yield { node, keys: keys.slice(at, at + size) };
  }
}

/** The keys of a batch in slices of at most `size` that share a slot (the whole batch's order kept within each). */
export function slotSlices(keys: readonly Buffer[], size: number, cluster: boolean): Buffer[][] {
  const bySlot = new Map<number, Buffer[]>();
  for (const key of keys) {
    const slot = cluster ? clusterKeySlot(key) : 0;
    const group = bySlot.get(slot);
    if (group) group.push(key);
    else bySlot.set(slot, [key]);
  }
  const slices: Buffer[][] = [];
  for (const group of bySlot.values()) for (let at = 0; at < group.length; at += size) slices.push(group.slice(at, at + size));
  return slices;
}
