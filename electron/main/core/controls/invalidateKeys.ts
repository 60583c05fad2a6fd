import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Cluster, Redis } from 'ioredis';
import type { InvalidateResult, ParsedInvalidateTarget } from '../../../../shared/contracts/controls';
import { AppError } from '../../../../shared/errors';
import { formatCount } from '../../../../shared/formatLag';
import { displayKeyName, keyNameOf } from '../../../../shared/keyName';
import { isCluster, type RedisClient } from '../connections/redisClient';
import type { JobContext } from '../jobs/jobRegistry';
import type { ScanNode } from '../keys/scanKeys';
import { withTimeout } from '../lifecycle/withTimeout';
import { namedKeyBatches, scanBatches, slotSlices, targetPattern, type KeyBatch } from './matchingKeys';

export const invalidateJobKind = 'keys.invalidate';

export interface InvalidateDependencies {
  client: RedisClient;
  /** The masters to scan and delete on, as they are now. */
  masters: readonly ScanNode[];
  /** Publish invalidations here (the profile's broadcast channel), or null. */
  broadcastChannel: string | null;
  requestedBy: string;
  /** Turns a driver failure into an AppError naming the server. */
  explainFailure(err: unknown): AppError;
}

export interface InvalidateOptions {
  target: ParsedInvalidateTarget;
  batchSize: number;
  /** The preview's count, for the progress total and ETA of a pattern. */
  expected?: number | undefined;
  reportFile?: string | undefined;
}

/** A call not answered within this time counts its keys as unconfirmed and ends the job. */
const callTimeoutMs = 10_000;

/** The report of the keys an invalidation removed: one line per key, written as it goes, never held in memory. */
class KeyReport {
  private constructor(private readonly stream: WriteStream) {}

  static async open(path: string, about: string): Promise<KeyReport> {
    const stream = createWriteStream(path, { flags: 'w', mode: 0o600 });
    await once(stream, 'open');
    const report = new KeyReport(stream);
    await report.write(`# ${about}\n# deleted (1) or already gone (0) <tab> key bytes in hex <tab> key name (escaped)\n`);
    return report;
  }

  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish').catch(() => undefined);
  }
}

interface Tally extends InvalidateResult {
  startedAt: number;
}

function finish(tally: Tally): InvalidateResult {
  const { startedAt, ...result } = tally;
  return { ...result, alreadyGone: result.matched - result.deleted - result.unconfirmed, durationMs: Date.now() - startedAt };
}

/**
 * UNLINKs one batch: a pipeline of calls of at most `size` keys each, all keys of a call in
 * one slot (a Cluster refuses CROSSSLOT). With a report or a broadcast of keys, one key per
 * call so each key's reply says whether it existed. Adds each reply to the tally; the keys of calls that got
 * no reply are unconfirmed, and the job ends with what it knows.
 */
async function unlinkBatch(batch: KeyBatch, size: number, cluster: boolean, tally: Tally, report: KeyReport | null, broadcast: ((key: Buffer) => void) | null): Promise<void> {
  // A report or a broadcast names each key that went: one key per call, so each reply says which.
  const slices = slotSlices(batch.keys, report || broadcast ? 1 : size, cluster);
  const pipeline = batch.node.client.pipeline();
  for (const slice of slices) pipeline.unlink(...slice);
  tally.matched += batch.keys.length;
  tally.batches++;
  let replies: [Error | null, unknown][];
  try {
    replies = (await withTimeout(pipeline.exec(), callTimeoutMs, `UNLINK on ${batch.node.address}`)) ?? [];
  } catch (err) {
    tally.unconfirmed += batch.keys.length;
    throw err;
  }
  let failure: unknown = null;
  for (const [i, slice] of slices.entries()) {
    const [error, reply] = replies[i] ?? [new Error('no reply'), null];
    if (error || typeof reply !== 'number') {
      tally.unconfirmed += slice.length;
      failure ??= error ?? new Error(`unexpected UNLINK reply ${String(reply)}`);
      continue;
    }
    tally.deleted += reply;
    if (report) await report.write(`${reply}\t${slice[0]!.toString('hex')}\t${displayKeyName(slice[0]!)}\n`);
    if (broadcast && reply > 0) for (const key of slice) broadcast(key);
  }
  if (failure) throw failure;
}

function describeTarget(target: ParsedInvalidateTarget): string {
  if (target.by === 'keys') return `${formatCount(target.keys.length)} named keys`;
  return `keys matching ${target.hex ? displayKeyName(targetPattern(target)) : target.pattern}`;
}

/**
 * Deletes the keys of an invalidation: SCAN … MATCH on every master (or the named keys,
 * grouped by master and slot), UNLINK in bounded batches as they come, progress after each
 * batch, a stop within one batch when cancelled. The result is exact: matched, deleted (the
 * sum of UNLINK's replies), already gone, and unconfirmed (keys of calls that never got an
 * answer). A server that fails mid-way ends the job with an error whose details are that
 * result so far. Memory stays at one batch whatever the number of keys.
 */
export async function invalidateKeys(deps: InvalidateDependencies, options: InvalidateOptions, job: JobContext): Promise<InvalidateResult> {
  const { target, batchSize } = options;
  const cluster = isCluster(deps.client);
  const tally: Tally = { startedAt: Date.now(), matched: 0, deleted: 0, alreadyGone: 0, unconfirmed: 0, batches: 0, broadcast: 0, durationMs: 0, reportFile: options.reportFile ?? null };
  const what = describeTarget(target);
  const total = target.by === 'keys' ? new Set(target.keys).size : (options.expected ?? null);
  const publisher: Redis | Cluster = deps.client;
  const publish = (message: object) => {
    if (!deps.broadcastChannel) return;
    tally.broadcast++;
    void publisher.publish(deps.broadcastChannel, JSON.stringify({ type: 'invalidate', ...message, by: deps.requestedBy, at: Date.now() })).catch(() => undefined);
  };
  const broadcastKey = target.by === 'keys' && deps.broadcastChannel ? (key: Buffer) => publish({ key: keyNameOf(key) }) : null;
  const report = options.reportFile ? await KeyReport.open(options.reportFile, `CacheScope invalidation of ${what}, started ${new Date(tally.startedAt).toISOString()} by ${deps.requestedBy}`) : null;
  try {
    const batches =
      target.by === 'keys' ? namedKeyBatches(deps.client, deps.masters, target.keys, batchSize) : scanBatches(deps.masters, targetPattern(target), job.signal);
    for await (const batch of batches) {
      await unlinkBatch(batch, batchSize, cluster, tally, report, broadcastKey);
      job.progress({ done: tally.matched, total: total === null ? null : Math.max(total, tally.matched), message: `${formatCount(tally.deleted)} deleted of ${formatCount(tally.matched)} matched so far` });
      if (job.signal.aborted) break;
    }
  } catch (err) {
    const cause = err instanceof AppError ? err : deps.explainFailure(err);
    const partial = finish(tally);
    throw new AppError(cause.code, `${cause.message}; stopped after deleting ${formatCount(partial.deleted)} of ${formatCount(partial.matched)} matched keys (${formatCount(partial.unconfirmed)} unconfirmed)`, partial);
  } finally {
    await report?.close();
  }
  if (target.by === 'pattern' && tally.deleted > 0) publish({ pattern: keyNameOf(targetPattern(target)), deleted: tally.deleted });
  const result = finish(tally);
  const cancelled = job.signal.aborted ? ' (cancelled)' : '';
  job.progress({ done: result.matched, total: result.matched, message: `${formatCount(result.deleted)} deleted, ${formatCount(result.alreadyGone)} already gone${cancelled}` });
  return result;
}
