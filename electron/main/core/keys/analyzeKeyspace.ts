import type { KeysAnalysis, KeysAnalyzeOptions } from '../../../../shared/contracts/keysAnalysis';
import { AppError } from '../../../../shared/errors';
import { formatCount } from '../../../../shared/formatLag';
import { KeyspaceAggregate } from '../analysis/keyspaceAggregate';
import type { OwnReadsLedger } from '../samplers/ownReadsLedger';
import type { JobContext } from '../jobs/jobRegistry';
import type { RespConnection, RespReply } from '../connections/respConnection';
import { readKeys } from './keyReads';
import { abortableSleep } from '../lifecycle/abortableSleep';

/** A master to scan, through a connection the caller owns (selected on the analysed db). */
export interface ScanTarget {
  address: string;
  connection: RespConnection;
}

export interface ScanPace {
  /**
   * Keys per SCAN call. Small calls keep a concurrent GET's wait short: an application's GET
   * queues behind whatever of ours the server is running. 20 keys cost ~0.04–0.05 ms, 100
   * keys ~0.15 ms (bench/README.md); far under the 2 ms a call may take.
   */
  scanCount: number;
  /**
   * Keys read per round trip (TYPE, PTTL and MEMORY USAGE of each, pipelined). Redis runs
   * what one read of a client's socket holds back to back, so a GET arriving waits behind
   * the whole batch (10 keys: ~0.03 ms); but each round trip also costs the server a read,
   * a write and a wake-up, and 5 keys a trip cost more of it than they saved (bench/README.md).
   */
  batchKeys: number;
  /**
   * Batches written before the first is answered. Two keep the server fed, but a GET
   * arriving then waits behind both: one in flight leaves the server idle between our
   * round trips, which is when the application's commands run (bench/README.md).
   */
  inFlight: number;
  /** After each SCAN batch, idle this many times the time the batch took (0: full speed). */
  idleRatio: number;
  /** Namespace tree nodes kept. */
  maxNamespaces: number;
}

export const defaultScanPace: ScanPace = { scanCount: 20, batchKeys: 10, inFlight: 1, idleRatio: 0, maxNamespaces: 1000 };

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
 * Scans one master: SCAN batches, each read in round trips of `batchKeys` keys, at most
 * `inFlight` of them queued, the next SCAN sent before the current batch is read so the server
 * never waits for us. Stops issuing work as soon as the job is cancelled; what is in flight
 * finishes and is counted.
 */
async function scanTarget(target: ScanTarget, options: KeysAnalyzeOptions, pace: ScanPace, run: ScanRun): Promise<void> {
  const { aggregate, job, reportProgress, halt, ownReads } = run;
  const { connection } = target;
  const scanArgs = [...(options.match ? ['MATCH', options.match] : []), 'COUNT', String(pace.scanCount)];
  const scan = (cursor: string): Promise<[string, Buffer[]]> => {
    const reply = connection.call('SCAN', cursor, ...scanArgs).then(scanReply);
    // Sent ahead, it is awaited only after the batch before it is queued: should the connection
    // fail meanwhile, an unobserved rejection would end the process. The loop still sees it.
    reply.catch(() => undefined);
    return reply;
  };
  const inFlight = new Set<Promise<void>>();

  const readBatch = async (keys: Buffer[]) => {
    const { readings, reads } = await readKeys(connection, keys, options.samples);
    const readAt = Date.now();
    for (let i = 0; i < keys.length; i++) {
      const reading = readings[i]!;
      if (reading.type === 'none') aggregate.addVanished();
      else aggregate.add({ name: keys[i]!.toString('latin1'), type: reading.type, pttlMs: reading.pttlMs, memory: reading.memory, readAt });
    }
    ownReads?.record(reads);
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

  let pending: Promise<[string, Buffer[]]> | null = scan('0');
  try {
    while (pending && halt.failure === undefined) {
      const batchStarted = performance.now();
      const [cursor, keys]: [string, Buffer[]] = await pending;
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
    // Batches in flight are counted; a SCAN sent ahead settles before the connection closes.
    await pending?.catch(() => undefined);
    await Promise.all(inFlight);
  }
}

/** SCAN's reply, [cursor, keys], checked: it comes off the wire. */
function scanReply(reply: RespReply): [string, Buffer[]] {
  if (Array.isArray(reply) && Buffer.isBuffer(reply[0]) && Array.isArray(reply[1]) && reply[1].every(Buffer.isBuffer)) {
    return [reply[0].toString('latin1'), reply[1] as Buffer[]];
  }
  throw new AppError('UNAVAILABLE', 'Redis answered SCAN with something other than a cursor and keys');
}

export interface AnalyzeRequest {
  profileId: string;
  db: number;
  targets: readonly ScanTarget[];
  options: KeysAnalyzeOptions;
  pace?: Partial<ScanPace>;
  /** Where the analysis' TYPE and PTTL reads are counted, to be taken off the hit rate. */
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
  const sizes = await Promise.all(targets.map(async (t) => Number(await t.connection.call('DBSIZE'))));
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
