import { randomInt } from 'node:crypto';
import { compareVerdicts, maxExamplesPerVerdict, type CompareSampleResult, type CompareVerdict, type DeadLetters, type PendingWrites } from '../../../../shared/contracts/investigate';
import type { KeyName } from '../../../../shared/contracts/keys';
import { AppError } from '../../../../shared/errors';
import { keyNameOf } from '../../../../shared/keyName';
import type { NamespaceMapping } from '../../../../shared/profile';
import { escapeGlob } from '../analysis/escapeGlob';
import { namespaceOfPattern } from '../analysis/namespaceStats';
import type { JobContext } from '../jobs/jobRegistry';
import type { ScanNode } from '../keys/scanKeys';
import { failedWritesRoute, judgeKey, readKeySides, type CompareDependencies } from './compareKey';
import { deadLettersForKeys, defaultKeyRecordLimits, pendingWriteOf, recordsOfKeys, uncommittedRanges, type KeyRecordsRead } from './keyRecords';

const utf8 = new TextEncoder();

/** SCAN's cost per call and how many calls a sample may take (COUNT 1000 is about a millisecond of server time). */
export interface SampleBudget {
  count: number;
  maxCalls: number;
  /** Keys compared at once. */
  batch: number;
}

export const defaultSampleBudget: SampleBudget = { count: 1000, maxCalls: 500, batch: 20 };

/** The mapping a sample request names: by key pattern or by namespace. NOT_FOUND listing the known ones. */
export function sampleMapping(mappings: readonly NamespaceMapping[], namespace: string): NamespaceMapping {
  const found = mappings.find((m) => m.keyPattern === namespace) ?? mappings.find((m) => namespaceOfPattern(m.keyPattern) === namespace);
  if (!found) {
    const known = mappings.map((m) => namespaceOfPattern(m.keyPattern) || m.keyPattern).join(', ') || 'none';
    throw new AppError('NOT_FOUND', `no namespace mapping "${namespace}" in the profile (known: ${known})`, { namespace });
  }
  return found;
}

/** SCAN MATCH pattern of a mapping's keys: its literal parts escaped around `*`. */
export function mappingGlob(mapping: NamespaceMapping): Buffer {
  const at = mapping.keyPattern.indexOf('{id}');
  const prefix = escapeGlob(utf8.encode(mapping.keyPattern.slice(0, at)));
  const suffix = escapeGlob(utf8.encode(mapping.keyPattern.slice(at + '{id}'.length)));
  return Buffer.concat([prefix, Buffer.from('*'), suffix]);
}

/**
 * Up to `wanted` distinct keys matching `pattern`, spread over the masters. Each master's scan
 * starts at a random cursor — SCAN accepts any cursor and walks the hash table from that
 * bucket in its reverse-binary order to the end — then wraps to cursor 0 if it still needs
 * keys. The sample is the keys from a random point on, not a uniform draw, but it does not
 * favour the keys at the start of the table. RANDOMKEY cannot be filtered by namespace.
 */
export async function sampleKeys(nodes: readonly ScanNode[], pattern: Buffer, wanted: number, budget: SampleBudget, signal: AbortSignal): Promise<{ keys: Buffer[]; scanCalls: number }> {
  const found = new Map<string, Buffer>();
  let scanCalls = 0;
  for (const [i, node] of nodes.entries()) {
    const share = Math.ceil((wanted - found.size) / (nodes.length - i));
    const goal = found.size + share;
    let cursor = String(randomInt(0, 2 ** 31));
    let wrapped = false;
    while (found.size < goal && scanCalls < budget.maxCalls && !signal.aborted) {
      const [next, keys] = (await node.client.callBuffer('SCAN', cursor, 'MATCH', pattern, 'COUNT', String(budget.count))) as [Buffer, Buffer[]];
      scanCalls++;
      for (const key of keys) {
        if (found.size >= goal) break;
        found.set(key.toString('hex'), key);
      }
      cursor = next.toString();
      if (cursor === '0') {
        if (wrapped) break;
        wrapped = true;
      }
    }
  }
  return { keys: [...found.values()], scanCalls };
}

function emptyCounts<T>(make: () => T): Record<CompareVerdict, T> {
  return Object.fromEntries(compareVerdicts.map((v) => [v, make()])) as Record<CompareVerdict, T>;
}

/**
 * `keys.compareSample`: SCAN-samples the namespace's keys, reads the queue's and the DLQ's
 * uncommitted records once for all of them (bounded), then compares the keys a batch at a
 * time, keeping only counts and a few examples per verdict. Cancel stops within one batch and
 * reports the keys compared so far.
 */
export async function compareSample(
  deps: CompareDependencies,
  nodes: readonly ScanNode[],
  input: { namespace: string; sample: number },
  job: JobContext,
  budget: SampleBudget = defaultSampleBudget,
): Promise<CompareSampleResult> {
  const mapping = sampleMapping(deps.profile.namespaces, input.namespace);
  const now = deps.now ?? Date.now;
  const limits = deps.limits ?? defaultKeyRecordLimits;
  const { queueTopic, flusherGroup, dlqTopic, replayGroup } = deps.profile.writeBehind;
  job.progress({ done: 0, total: input.sample, message: `sampling ${mapping.keyPattern}` });
  const { keys, scanCalls } = await sampleKeys(nodes, mappingGlob(mapping), input.sample, budget, job.signal);
  const wanted = new Set(keys.map((k) => k.toString('hex')));

  job.progress({ done: 0, total: keys.length, message: `reading the pending writes of ${keys.length} keys` });
  const fetcher = await deps.fetcher();
  let pendingError: string | null = null;
  let pending: KeyRecordsRead | null = null;
  let dead: KeyRecordsRead | null = null;
  try {
    const partitions = await fetcher.partitionCount(queueTopic);
    if (partitions !== null) {
      const ranges = await uncommittedRanges(fetcher, queueTopic, flusherGroup, Array.from({ length: partitions }, (_, i) => i));
      pending = await recordsOfKeys(fetcher, queueTopic, ranges, wanted, limits, job.signal);
    } else pendingError = `the queue topic "${queueTopic}" does not exist`;
    dead = await deadLettersForKeys(fetcher, wanted, { dlqTopic, replayGroup }, limits, job.signal);
  } catch (err) {
    pendingError = await deps.kafkaFailure(err, queueTopic);
  }

  const counts = emptyCounts(() => 0);
  const examples = emptyCounts((): KeyName[] => []);
  let compared = 0;
  for (let at = 0; at < keys.length && !job.signal.aborted; at += budget.batch) {
    const batch = keys.slice(at, at + budget.batch);
    const sides = await Promise.all(batch.map((key) => readKeySides(deps, key)));
    const judgedAt = now();
    for (const side of sides) {
      const hex = side.key.toString('hex');
      const found = pending?.byKey.get(hex);
      const writes: PendingWrites | null = pending
        ? {
            topic: queueTopic,
            partition: found?.records[0]?.partition ?? null,
            partitionNote: null,
            committedOffset: null,
            endOffset: null,
            records: (found?.records ?? []).map((r) => pendingWriteOf(r, judgedAt)),
            matching: found?.count ?? 0,
            scanned: pending.scanned,
            complete: pending.complete,
            error: null,
          }
        : null;
      const letters: DeadLetters | null = dead
        ? { topic: dlqTopic, count: dead.byKey.get(hex)?.count ?? 0, scanned: dead.scanned, complete: dead.complete, error: null, route: failedWritesRoute(side.key) }
        : null;
      const { verdict } = judgeKey(deps, side, pendingError ? null : writes, letters, judgedAt);
      counts[verdict]++;
      if (examples[verdict].length < maxExamplesPerVerdict) examples[verdict].push(keyNameOf(side.key));
    }
    compared += batch.length;
    job.progress({ done: compared, total: keys.length, message: `${compared} of ${keys.length} keys compared` });
  }
  const cancelled = job.signal.aborted;
  return {
    namespace: namespaceOfPattern(mapping.keyPattern) || mapping.keyPattern,
    keyPattern: mapping.keyPattern,
    requested: input.sample,
    compared,
    scanCalls,
    counts,
    examples,
    pendingComplete: pendingError === null && (pending?.complete ?? false),
    complete: !cancelled && compared === input.sample,
    cancelled,
  };
}
