import type { Redis } from 'ioredis';
import type { KeyPage, KeyRow, ScanCursor } from '../../../../shared/contracts/keys';
import { AppError } from '../../../../shared/errors';
import { keyNameOf } from '../../../../shared/keyName';
import { typeAndTtlReads } from '../analysis/ownReads';
import type { OwnReadsLedger } from '../samplers/ownReadsLedger';

/** A master to scan: every master of a Cluster (ioredis's Cluster has no SCAN of its own), or the one server. */
export interface ScanNode {
  address: string;
  client: Redis;
}

/**
 * How much one page may scan. SCAN's COUNT starts at the page size and doubles while matches
 * are sparse, up to `maxCount` (COUNT 1000 costs the server about a millisecond, 10000 ten);
 * after `maxCalls` calls the page ends with what it found and the cursor to go on from.
 */
export interface ScanBudget {
  maxCalls: number;
  maxCount: number;
}

export const defaultScanBudget: ScanBudget = { maxCalls: 50, maxCount: 5_000 };

interface Found {
  key: Buffer;
  node: ScanNode;
}

function nodeNamed(nodes: readonly ScanNode[], address: string): ScanNode {
  const node = nodes.find((n) => n.address === address);
  if (!node) {
    throw new AppError('UNAVAILABLE', `${address} is no longer a master of this Redis (failover or resharding?): start the search again`);
  }
  return node;
}

async function scanOnce(node: ScanNode, cursor: string, pattern: Uint8Array, count: number): Promise<[string, Buffer[]]> {
  const [next, keys] = (await node.client.callBuffer('SCAN', cursor, 'MATCH', Buffer.from(pattern), 'COUNT', String(count))) as [Buffer, Buffer[]];
  return [next.toString(), keys];
}

/** TYPE, PTTL and MEMORY USAGE of the page's keys: one pipeline to each master that holds some. Keys gone since the SCAN are left out. */
async function describe(found: readonly Found[], ownReads: OwnReadsLedger | undefined): Promise<KeyRow[]> {
  const byNode = new Map<ScanNode, Buffer[]>();
  for (const { key, node } of found) byNode.set(node, [...(byNode.get(node) ?? []), key]);
  const rows: KeyRow[] = [];
  for (const [node, keys] of byNode) {
    const pipeline = node.client.pipeline();
    for (const key of keys) pipeline.type(key).pttl(key).memory('USAGE', key);
    const replies = (await pipeline.exec()) ?? [];
    let absent = 0;
    keys.forEach((key, i) => {
      const [typeReply, ttlReply, memoryReply] = replies.slice(i * 3, i * 3 + 3);
      const type = typeReply?.[0] ? null : (typeReply?.[1] as string);
      const ttl = ttlReply?.[0] ? null : (ttlReply?.[1] as number);
      if (type === 'none') absent++;
      if (type === null || type === 'none' || ttl === -2) return;
      const memory = memoryReply?.[0] ? null : (memoryReply?.[1] as number | null);
      rows.push({ key: keyNameOf(key), type, ttlMs: ttl === null || ttl < 0 ? null : ttl, memory: memory ?? null, node: node.address });
    });
    ownReads?.record(typeAndTtlReads(keys.length - absent, absent));
  }
  return rows;
}

/**
 * One page of keys matching `pattern` (bytes): SCAN continues each master's cursor in turn
 * until the page holds `pageSize` keys (a page may hold up to one SCAN reply more), every
 * master is done, or the budget is spent. A key SCAN returns twice within the page is shown
 * once; across pages SCAN may repeat a key that moved during a rehash, and that is not
 * hidden (it would mean remembering every key shown).
 */
export async function scanKeyPage(
  nodes: readonly ScanNode[],
  pattern: Uint8Array,
  from: ScanCursor | undefined,
  pageSize: number,
  budget: ScanBudget = defaultScanBudget,
  ownReads?: OwnReadsLedger,
): Promise<KeyPage> {
  if (nodes.length === 0) throw new AppError('UNAVAILABLE', 'no Redis master is known yet (the cluster is still being discovered): try again in a moment');
  const pending = (from ?? nodes.map((n) => ({ node: n.address, cursor: '0' }))).map((entry) => ({ ...entry }));
  const found = new Map<string, Found>();
  let scanCalls = 0;
  let duplicates = 0;
  let count = pageSize;
  while (pending.length > 0 && found.size < pageSize && scanCalls < budget.maxCalls) {
    const head = pending[0]!;
    const node = nodeNamed(nodes, head.node);
    const [next, keys] = await scanOnce(node, head.cursor, pattern, count);
    scanCalls++;
    for (const key of keys) {
      const hex = key.toString('hex');
      if (found.has(hex)) duplicates++;
      else found.set(hex, { key, node });
    }
    if (next === '0') pending.shift();
    else head.cursor = next;
    if (keys.length * 4 < pageSize - found.size) count = Math.min(count * 2, budget.maxCount);
  }
  return {
    keys: await describe([...found.values()], ownReads),
    cursor: pending.length > 0 ? pending : null,
    pattern: keyNameOf(pattern),
    scanCalls,
    duplicates,
  };
}
