import type { Redis } from 'ioredis';
import type { KeyDetail, ValuePreview, ValueText } from '../../../../shared/contracts/keys';
import { AppError } from '../../../../shared/errors';
import { keyNameOf } from '../../../../shared/keyName';
import { valueText } from '../analysis/valueText';

/**
 * How much of a value a preview reads. A string is read with GETRANGE up to `stringBytes`;
 * collections return at most `elements` elements (by LRANGE, XRANGE COUNT, or
 * HSCAN/SSCAN/ZSCAN with COUNT over at most `scanCalls` calls), each shown up to
 * `elementBytes`. Redis returns a collection's elements whole (it has no range within one),
 * so a huge element is read once and cut; everything else stays bounded.
 */
export interface PreviewLimits {
  stringBytes: number;
  hexBytes: number;
  elements: number;
  elementBytes: number;
  scanCalls: number;
}

export const defaultPreviewLimits: PreviewLimits = { stringBytes: 64 * 1024, hexBytes: 16 * 1024, elements: 100, elementBytes: 1024, scanCalls: 20 };

type Reply = [Error | null, unknown];

function replyValue<T>(reply: Reply | undefined): T | null {
  return !reply || reply[0] ? null : (reply[1] as T);
}

/** Why OBJECT IDLETIME said no, in a person's words. */
function idleNoteOf(reply: Reply | undefined): string | null {
  const error = reply?.[0];
  if (!error) return null;
  return /LFU/i.test(error.message)
    ? 'not tracked: the maxmemory-policy is LFU, which counts access frequency instead of idle time'
    : `not available: ${error.message}`;
}

/** Elements of a SCAN-family command, `step` per element (2 for field and value), at most `wanted` elements, first occurrence kept. */
async function scanElements(
  scan: (cursor: string, count: number) => Promise<[Buffer, Buffer[]]>,
  step: number,
  limits: PreviewLimits,
): Promise<Buffer[][]> {
  const seen = new Set<string>();
  const elements: Buffer[][] = [];
  let cursor = '0';
  for (let calls = 0; calls < limits.scanCalls && elements.length < limits.elements; calls++) {
    const [next, flat] = await scan(cursor, limits.elements);
    for (let i = 0; i + step <= flat.length && elements.length < limits.elements; i += step) {
      const id = flat[i]!.toString('hex');
      if (seen.has(id)) continue;
      seen.add(id);
      elements.push(flat.slice(i, i + step));
    }
    cursor = next.toString();
    if (cursor === '0') break;
  }
  return elements;
}

interface Read {
  length: number;
  preview: ValuePreview;
  shown: number;
  texts: ValueText[];
}

async function readPreview(node: Redis, key: Buffer, type: string, limits: PreviewLimits): Promise<Read | null> {
  const elementLimits = { textBytes: limits.elementBytes, hexBytes: limits.elementBytes, hexLayout: 'pairs' } as const;
  const element = (bytes: Buffer) => valueText(bytes.subarray(0, limits.elementBytes), bytes.length, elementLimits);
  switch (type) {
    case 'string': {
      const [length, head] = await Promise.all([node.strlen(key), node.getrangeBuffer(key, 0, limits.stringBytes - 1)]);
      const value = valueText(head, length, { textBytes: limits.stringBytes, hexBytes: limits.hexBytes });
      return { length, preview: { kind: 'string', value }, shown: length, texts: [value] };
    }
    case 'list': {
      const [length, items] = await Promise.all([node.llen(key), node.lrangeBuffer(key, 0, limits.elements - 1)]);
      const texts = items.map(element);
      return { length, preview: { kind: 'list', items: texts }, shown: texts.length, texts };
    }
    case 'hash': {
      const [length, pairs] = await Promise.all([
        node.hlen(key),
        scanElements((cursor, count) => node.hscanBuffer(key, cursor, 'COUNT', count), 2, limits),
      ]);
      const entries = pairs.map(([field, value]) => ({ field: element(field!), value: element(value!) }));
      return { length, preview: { kind: 'hash', entries }, shown: entries.length, texts: entries.flatMap((e) => [e.field, e.value]) };
    }
    case 'set': {
      const [length, members] = await Promise.all([
        node.scard(key),
        scanElements((cursor, count) => node.sscanBuffer(key, cursor, 'COUNT', count), 1, limits),
      ]);
      const texts = members.map(([member]) => element(member!));
      return { length, preview: { kind: 'set', members: texts }, shown: texts.length, texts };
    }
    case 'zset': {
      const [length, pairs] = await Promise.all([
        node.zcard(key),
        scanElements((cursor, count) => node.zscanBuffer(key, cursor, 'COUNT', count), 2, limits),
      ]);
      const members = pairs.map(([member, score]) => ({ member: element(member!), score: score!.toString() }));
      return { length, preview: { kind: 'zset', members }, shown: members.length, texts: members.map((m) => m.member) };
    }
    case 'stream': {
      const [length, raw] = await Promise.all([node.xlen(key), node.xrangeBuffer(key, '-', '+', 'COUNT', limits.elements)]);
      const entries = raw.map(([id, flat]) => ({
        id: id.toString(),
        fields: Array.from({ length: Math.floor(flat.length / 2) }, (_, i) => ({ field: element(flat[i * 2]!), value: element(flat[i * 2 + 1]!) })),
      }));
      return { length, preview: { kind: 'stream', entries }, shown: entries.length, texts: entries.flatMap((e) => e.fields.flatMap((f) => [f.field, f.value])) };
    }
    default:
      return null;
  }
}

/**
 * A key in detail, read from the server that holds it: TYPE, PTTL, OBJECT ENCODING,
 * MEMORY USAGE and OBJECT IDLETIME in one pipeline, then a preview by type that never
 * reads more than `limits` (never GET, never HGETALL): a 500 MB string costs what a small
 * one does. NOT_FOUND, naming the key, when it does not exist.
 */
export async function readKeyDetail(node: Redis, address: string, key: Buffer, limits: PreviewLimits = defaultPreviewLimits): Promise<KeyDetail> {
  const name = keyNameOf(key);
  const replies = ((await node.pipeline().type(key).pttl(key).object('ENCODING', key).memory('USAGE', key).object('IDLETIME', key).exec()) ?? []) as Reply[];
  const readAt = Date.now();
  const [typeReply, ttlReply, encodingReply, memoryReply, idleReply] = replies;
  if (typeReply?.[0]) throw typeReply[0];
  const type = replyValue<string>(typeReply);
  const ttl = replyValue<number>(ttlReply);
  if (type === 'none' || type === null || ttl === -2) throw new AppError('NOT_FOUND', `no key "${name.display}"`, { key: name });
  const ttlMs = ttl !== null && ttl >= 0 ? ttl : null;
  const read = await readPreview(node, key, type, limits);
  return {
    key: name,
    node: address,
    type,
    encoding: replyValue<string>(encodingReply),
    readAt,
    ttlMs,
    expiresAt: ttlMs === null ? null : readAt + ttlMs,
    memory: replyValue<number>(memoryReply),
    idleSeconds: replyValue<number>(idleReply),
    idleNote: idleNoteOf(idleReply),
    length: read?.length ?? null,
    preview: read?.preview ?? { kind: 'none', reason: `CacheScope has no preview for the type "${type}"` },
    truncated: read ? read.shown < read.length || read.texts.some((t) => t.truncated) : false,
  };
}
