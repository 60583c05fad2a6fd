import type { Redis } from 'ioredis';
import type { KeysAnalysis, KeysAnalyzeOptions } from '../../../../shared/contracts/keysAnalysis';
import { formatCount } from '../../../../shared/formatLag';
import { KeyspaceAggregate } from '../analysis/keyspaceAggregate';
import { typeAndTtlReads } from '../analysis/ownReads';
import type { OwnReadsLedger } from '../samplers/ownReadsLedger';
import type { JobContext } from '../jobs/jobRegistry';
import { loadKeyBatchScript, readKeyBatch } from './keyBatchScript';
import { abortableSleep } from '../lifecycle/abortableSleep';

/** A master to scan, through a connection the caller owns (selected on the analysed db). */
export interface ScanTarget {
  address: string;
  client: Redis;
}

export interface ScanPace {
  /**
   * Keys per SCAN call. Small calls keep a concurrent GET's wait short: an application's GET
   * queues behind whatever of ours the server is running. 50 keys cost ~0.08 ms, 100 keys
   * ~0.15 ms (bench/README.md); far under the 2 ms a call may take.
   */
  scanCount: number;
  /** Keys per script call: 10 run in ~0.03 ms, 20 in ~0.06 ms. */
  batchKeys: number;
  /**
   * Script calls queued on a connection at once. Two keep the server fed, but a GET arriving
   * then waits behind both (Redis runs a client's queued calls back to back): one in flight
   * costs ~1.5× the wall time and takes a third off the concurrent GET p99 (bench/README.md).
   */
  inFlight: number;
  /** After each SCAN batch, idle this many times the time the batch took (0: full speed). */
  idleRatio: number;
  /** Namespace tree nodes kept. */
  maxNamespaces: number;
}

export const defaultScanPace: ScanPace = { scanCount: 50, batchKeys: 10, inFlight: 1, idleRatio: 0, maxNamespaces: 1000 };

/** How often progress is reported, at most. */
const progressEveryMs = 250;

/** The delimiter as key bytes held in a latin1 string (see namespaceTree.ts). */
function delimiterBytes(delimiter: string): string {
  return Buffer.from(delimiter, 'utf8').toString('latin1');
}

/** What the scans of every master share. */
interface ScanRun {
  aggregate: KeyspaceAggregate;
  job: JobContext;
  reportProgress: () => void;
  /** The first failure of any master: every scan stops issuing work. */
  halt: { failure?: unknown };
  ownReads: OwnReadsLedger | undefined;
}

/**
 * Scans one master: SCAN batches, each split into script calls of `batchKeys` keys, at most
 * `inFlight` of them queued, the next SCAN sent before the current batch is read so the server
 * never waits for us. Stops issuing work as soon as the job is cancelled; what is in flight
 * finishes and is counted.
 */
async function scanTarget(target: ScanTarget, options: KeysAnalyzeOptions, pace: ScanPace, run: ScanRun): Promise<void> {
  const { aggregate, job, reportProgress, halt, ownReads } = run;
  const { client } = target;
  let script: { sha: string };
  try {
    script = { sha: await loadKeyBatchScript(client) };
  } catch (err) {
    halt.failure ??= err;
    return;
  }
  const scanArgs: (string | number)[] = [...(options.match ? ['MATCH', options.match] : []), 'COUNT', pace.scanCount];
  const scan = (cursor: string): Promise<[Buffer, Buffer[]]> => client.scanBuffer(cursor, ...(scanArgs as ['COUNT', number]));
  const inFlight = new Set<Promise<void>>();

  const readBatch = async (keys: Buffer[]) => {
    const readings = await readKeyBatch(client, script, options.samples, keys);
    const readAt = Date.now();
    let vanished = 0;
    for (let i = 0; i < keys.length; i++) {
      const reading = readings[i]!;
      if (reading.type === 'none') {
        vanished++;
        aggregate.addVanished();
      } else aggregate.add({ name: keys[i]!.toString('latin1'), type: reading.type, pttlMs: reading.pttlMs, memory: reading.memory, readAt });
    }
    ownReads?.record(typeAndTtlReads(keys.length - vanished, vanished, false));
  };
  const queue = async (keys: Buffer[]) => {
    while (inFlight.size >= pace.inFlight) await Promise.race(inFlight);
    const call: Promise<void> = readBatch(keys)
      .catch((err: unknown) => {
        halt.failure ??= err;
      })
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  };

  let pending: Promise<[Buffer, Buffer[]]> | null = scan('0');
  try {
    while (pending && halt.failure === undefined) {
      const batchStarted = performance.now();
      const [next, keys] = await pending;
      const cursor: string = next.toString();
      pending = cursor !== '0' && !job.signal.aborted ? scan(cursor) : null;
      for (let i = 0; i < keys.length && halt.failure === undefined; i += pace.batchKeys) await queue(keys.slice(i, i + pace.batchKeys));
      reportProgress();
      if (pace.idleRatio > 0 && pending) {
        // A paced run waits for its batch first, so the idle time follows the server's real pace.
        await Promise.all(inFlight);
        await abortableSleep(pace.idleRatio * (performance.now() - batchStarted), job.signal);
      }
    }
  } catch (err) {
    halt.failure ??= err;
  } finally {
    // A SCAN sent before a failure must not reject unobserved; batches in flight are counted.
    await pending?.catch(() => undefined);
    await Promise.all(inFlight);
  }
}

export interface AnalyzeRequest {
  profileId: string;
  db: number;
  targets: readonly ScanTarget[];
  options: KeysAnalyzeOptions;
  pace?: Partial<ScanPace>;
  /** Where the script's TYPE and PTTL reads are counted, to be taken off the hit rate. */
  ownReads?: OwnReadsLedger;
}

/**
 * The whole-keyspace analysis job: every key of every target (the masters) read once, folded
 * into bounded aggregates as it arrives. Progress says keys done of DBSIZE (no total with a
 * MATCH: SCAN cannot say how much is left). Cancelled, it returns what it saw, marked incomplete.
 */
export async function analyzeKeyspace(request: AnalyzeRequest, job: JobContext): Promise<KeysAnalysis> {
  const { options, targets } = request;
  const pace = { ...defaultScanPace, ...request.pace };
  const startedAt = Date.now();
  const aggregate = new KeyspaceAggregate({
    delimiter: delimiterBytes(options.delimiter),
    depth: options.depth,
    top: options.top,
    maxNamespaces: pace.maxNamespaces,
  });
  const sizes = await Promise.all(targets.map((t) => t.client.dbsize()));
  const keysAtStart = sizes.reduce((a, b) => a + b, 0);
  const total = options.match ? null : keysAtStart;
  let reportedAt = 0;
  const reportProgress = (force = false) => {
    const now = Date.now();
    if (!force && now - reportedAt < progressEveryMs) return;
    reportedAt = now;
    const done = aggregate.keysScanned;
    const of = total === null ? '' : ` of ${formatCount(total)}`;
    job.progress({ done, total: total === null ? null : Math.max(total, done), message: `${formatCount(done)}${of} keys analysed` });
  };
  reportProgress(true);
  // One master failing stops the others within a batch: no scan goes on unowned.
  const halt: { failure?: unknown } = {};
  await Promise.all(targets.map((t) => scanTarget(t, options, pace, { aggregate, job, reportProgress, halt, ownReads: request.ownReads })));
  if (halt.failure !== undefined) throw halt.failure;
  reportProgress(true);
  return {
    profileId: request.profileId,
    startedAt,
    endedAt: Date.now(),
    complete: !job.signal.aborted,
    nodes: targets.map((t) => t.address),
    db: request.db,
    match: options.match ?? null,
    delimiter: options.delimiter,
    depth: options.depth,
    samples: options.samples,
    keysAtStart,
    ...aggregate.figures(),
  };
}
