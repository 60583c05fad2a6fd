import type { Kafka } from 'kafkajs';
import type { InvalidatePreview, NamespaceImpact, ParsedInvalidateTarget, PendingWrites } from '../../../../shared/contracts/controls';
import { invalidateConfirmation } from '../../../../shared/confirmation';
import { formatCount } from '../../../../shared/formatLag';
import { displayKeyName, keyNameOf } from '../../../../shared/keyName';
import type { Profile } from '../../../../shared/profile';
import { NamespaceCounts, namespaceActivity, namespaceOf } from '../analysis/namespaceOf';
import { profileNamespaces } from '../analysis/namespaceStats';
import { redisGlobMatches } from '../analysis/redisGlob';
import { withOwnAdmin } from '../connections/dedicatedAdmin';
import { kafkaReadError } from '../connections/kafkaErrors';
import type { RedisClient } from '../connections/redisClient';
import type { JobContext } from '../jobs/jobRegistry';
import type { ScanNode } from '../keys/scanKeys';
import { pendingRanges, readPendingKeys } from '../samplers/pendingRecordKeys';
import { namedKeyBatches, scanBatches, targetPattern, type KeyBatch } from './matchingKeys';

export const previewJobKind = 'keys.invalidate.preview';

export interface PreviewDependencies {
  client: RedisClient;
  masters: readonly ScanNode[];
  profile: Profile;
  kafka: Kafka;
  kafkaTarget: string;
}

export interface PreviewOptions {
  target: ParsedInvalidateTarget;
  sampleSize: number;
  pendingLimit: number;
}

/** Namespace counters are read this far apart at least, so a rate means something. */
const minCounterSpanMs = 1_000;
const pendingTimeoutMs = 15_000;

interface CounterReading {
  hits: number;
  misses: number;
  at: number;
}

async function readCounters(client: RedisClient, prefix: string, namespaces: readonly string[]): Promise<Map<string, CounterReading>> {
  const readings = new Map<string, CounterReading>();
  await Promise.all(
    namespaces.map(async (namespace) => {
      const [hits, misses] = await client.hmget(`${prefix}${namespace}`, 'hits', 'misses');
      if (hits !== null || misses !== null) readings.set(namespace, { hits: Number(hits ?? 0), misses: Number(misses ?? 0), at: Date.now() });
    }),
  );
  return readings;
}

/** MEMORY USAGE of each key of a batch in one pipeline; null for a key that does not exist. */
async function memoryOf(batch: KeyBatch): Promise<(number | null)[]> {
  const pipeline = batch.node.client.pipeline();
  for (const key of batch.keys) pipeline.memory('USAGE', key);
  const replies = (await pipeline.exec()) ?? [];
  return batch.keys.map((_, i) => {
    const [error, value] = replies[i] ?? [null, null];
    return error ? 0 : (value as number | null);
  });
}

/** Pending writes of the queue topic whose key the invalidation covers; the error says why when Kafka could not tell. */
async function pendingWritesFor(deps: PreviewDependencies, matches: (key: Buffer) => boolean, limit: number, signal: AbortSignal): Promise<PendingWrites> {
  const { queueTopic, flusherGroup } = deps.profile.writeBehind;
  const keys = new Set<string>();
  let matchingRecords = 0;
  try {
    return await withOwnAdmin(deps.kafka, deps.kafkaTarget, async (admin) => {
      const ranges = await pendingRanges(admin, queueTopic, flusherGroup);
      const read = await readPendingKeys(deps.kafka, queueTopic, ranges, { limit, timeoutMs: pendingTimeoutMs, signal }, (key) => {
        if (key && matches(key)) {
          matchingRecords++;
          keys.add(key.toString('hex'));
        }
      });
      return { ...read, matchingRecords, matchingKeys: keys.size, error: null };
    });
  } catch (err) {
    // The preview stands without Kafka: it says why the pending writes are unknown.
    return { pendingRecords: 0, scannedRecords: 0, matchingRecords: 0, matchingKeys: 0, bounded: true, error: kafkaReadError(err, deps.kafkaTarget, queueTopic).message };
  }
}

/**
 * The dry run of an invalidation: counts the keys it would delete (progress is the running
 * count, the result the exact one once every master is scanned), sums their memory, keeps a
 * sample, and estimates the blast radius: per namespace the reads per second and hit rate
 * while the preview ran (the extra Postgres reads to expect), and pending write-behind
 * records for those keys (deleting them makes the next read-through load the old row).
 * Deletes nothing; holds one batch of keys at a time.
 */
export async function previewInvalidate(deps: PreviewDependencies, options: PreviewOptions, job: JobContext): Promise<InvalidatePreview> {
  const startedAt = Date.now();
  const { target, profile } = { ...options, profile: deps.profile };
  const prefix = profile.writeBehind.namespaceStatsPrefix;
  const known = profileNamespaces(profile.namespaces);
  const countersBefore = await readCounters(deps.client, prefix, known).catch(() => new Map<string, CounterReading>());

  const pattern = target.by === 'pattern' ? targetPattern(target) : null;
  const named = target.by === 'keys' ? new Set(target.keys) : null;
  const matches = (key: Buffer) => (pattern ? redisGlobMatches(pattern, key) : named!.has(key.toString('hex')));
  const pending = pendingWritesFor(deps, matches, options.pendingLimit, job.signal);

  const delimiter = Buffer.from(profile.controls.namespaceDelimiter);
  const namespaces = new NamespaceCounts();
  const sample: InvalidatePreview['sample'] = [];
  let matched = 0;
  let memory = 0;
  const batches = pattern ? scanBatches(deps.masters, pattern, job.signal) : namedKeyBatches(deps.client, deps.masters, target.by === 'keys' ? target.keys : [], 1_000);
  for await (const batch of batches) {
    const sizes = await memoryOf(batch);
    batch.keys.forEach((key, i) => {
      const size = sizes[i];
      if (size === null) return; // a named key that does not exist, or one gone since SCAN returned it
      matched++;
      memory += size ?? 0;
      namespaces.add(namespaceOf(key, delimiter));
      if (sample.length < options.sampleSize) sample.push(keyNameOf(key));
    });
    job.progress({ done: matched, total: null, message: `${formatCount(matched)} keys match so far (still scanning)` });
    if (job.signal.aborted) break;
  }

  const wait = startedAt + minCounterSpanMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const countersAfter = await readCounters(deps.client, prefix, known).catch(() => new Map<string, CounterReading>());
  const impacts: NamespaceImpact[] = namespaces.entries().map(([namespace, count]) => {
    const { readsPerSec, hitRate } = namespaceActivity(countersBefore.get(namespace), countersAfter.get(namespace));
    return { namespace, matched: count, readsPerSec, hitRate, extraReadsPerSec: readsPerSec !== null && hitRate !== null ? readsPerSec * hitRate : null };
  });
  const pendingWrites = await pending;
  const patternText = pattern ? (target.by === 'pattern' && !target.hex ? target.pattern : displayKeyName(pattern)) : null;
  const confirmation = invalidateConfirmation({ name: profile.name, environment: profile.environment, confirmAbove: profile.controls.confirmAbove }, patternText, matched);
  job.progress({ done: matched, total: matched, message: `${formatCount(matched)} keys match${job.signal.aborted ? ' (cancelled: a partial count)' : ''}` });
  return { matched, memory, sample, namespaces: impacts, extraReads: matched, pendingWrites, confirmation, durationMs: Date.now() - startedAt };
}
