import type { Redis } from 'ioredis';
import type { CacheSide } from '../../../../shared/contracts/investigate';
import { versionText } from '../analysis/compareValues';
import { valueText } from '../analysis/valueText';

/** A cached row bigger than this is not compared (GETRANGE reads no more of it). */
export const maxCachedValueBytes = 1024 * 1024;
/** How much of the value is shown as text. */
const shownBytes = 16 * 1024;

/**
 * The key's cached value, read from the master that holds it: TYPE, PTTL, STRLEN and a
 * GETRANGE bounded at `maxBytes` in one pipeline, so a huge value costs what a small one
 * does. A string that is the sentinel, or a whole JSON object, is recognised; anything else is
 * described, never thrown.
 */
export async function readCachedValue(
  node: Redis,
  address: string,
  key: Buffer,
  options: { sentinel: string; versionField: string; maxBytes?: number },
): Promise<CacheSide> {
  const maxBytes = options.maxBytes ?? maxCachedValueBytes;
  const replies = (await node.pipeline().type(key).pttl(key).strlen(key).getrangeBuffer(key, 0, maxBytes - 1).exec()) ?? [];
  const [typeReply, ttlReply, lengthReply, headReply] = replies;
  if (typeReply?.[0]) throw typeReply[0];
  const type = typeReply?.[1] as string;
  const ttl = ttlReply?.[0] ? null : (ttlReply?.[1] as number);
  const base = { type, ttlMs: ttl !== null && ttl >= 0 ? ttl : null, node: address, version: null, value: null, text: null, bytes: null };
  if (type === 'none' || ttl === -2) return { ...base, state: 'absent', type: null, ttlMs: null };
  if (type !== 'string') return { ...base, state: 'wrong-type' };
  const bytes = Number(lengthReply?.[1] ?? 0);
  const head = headReply?.[0] ? Buffer.alloc(0) : (headReply?.[1] as Buffer);
  const text = valueText(head.subarray(0, shownBytes), bytes, { textBytes: shownBytes, hexBytes: 4096 });
  if (bytes > maxBytes) return { ...base, state: 'too-big', bytes, text };
  if (head.equals(Buffer.from(options.sentinel))) return { ...base, state: 'sentinel', bytes, text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(head.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ...base, state: 'not-json', bytes, text };
  const value = parsed as Record<string, unknown>;
  return { ...base, state: 'value', bytes, text, value, version: versionText(value[options.versionField]) };
}
