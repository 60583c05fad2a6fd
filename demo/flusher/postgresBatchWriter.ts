import type pg from 'pg';
import { sleep } from '../abortableSleep';
import { decodeWrite } from '../envelope';
import { backoffDelayMs, type BackoffPolicy } from './backoff';
import { classifyDatabaseError, describeError } from './errorClassification';
import { noPauseHooks, type PauseHooks } from './pauseHooks';
import type { DeadLetter, QueuedRecord } from './queuedRecord';
import { planStatements, type EntityWrite } from './versionedSql';

export interface BatchOutcome {
  /** Records handled: persisted, found stale, or dead-lettered. */
  handled: number;
  /** Rows inserted, updated or deleted; a record older than its row changes nothing. */
  rowsChanged: number;
  deadLetters: DeadLetter[];
}

export interface PostgresBatchWriterOptions {
  pool: pg.Pool;
  schema: string;
  /** Tries per record (and per whole batch) for transient errors before dead-lettering. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  hooks?: PauseHooks;
  random?: () => number;
}

/** Dead letters in the order their records had in the queue, so the DLQ reads like the partition did. */
function inQueueOrder(letters: DeadLetter[]): DeadLetter[] {
  return letters.sort(
    (a, b) =>
      a.record.topic.localeCompare(b.record.topic) ||
      a.record.partition - b.record.partition ||
      Number(BigInt(a.record.offset) - BigInt(b.record.offset)),
  );
}

interface PendingWrite extends EntityWrite {
  record: QueuedRecord;
}

interface ChunkResult {
  rowsChanged: number;
  deadLetters: DeadLetter[];
}

/**
 * Writes one batch of queue records in ONE Postgres transaction.
 *
 * The happy path is a few set-based statements. When they fail, the batch is bisected
 * under savepoints until the failing records are alone: those are dead-lettered, every
 * other record of the batch still commits, so one poison record never blocks its
 * partition. Transient errors are retried with backoff first; a lost connection is
 * thrown to the caller, which retries the whole batch (the transaction is gone anyway).
 */
export class PostgresBatchWriter {
  private readonly hooks: PauseHooks;
  private readonly random: () => number;
  private savepointSeq = 0;

  constructor(private readonly options: PostgresBatchWriterOptions) {
    this.hooks = options.hooks ?? noPauseHooks;
    this.random = options.random ?? Math.random;
  }

  async write(records: readonly QueuedRecord[], signal?: AbortSignal): Promise<BatchOutcome> {
    const undecodable: DeadLetter[] = [];
    const writes: PendingWrite[] = [];
    for (const record of records) {
      const decoded = decodeWrite(record.key?.toString('utf8') ?? null, record.value);
      if (decoded.ok) writes.push({ record, entity: decoded.entity, envelope: decoded.envelope });
      else undecodable.push({ record, error: decoded.error, kind: 'permanent', attempts: 1 });
    }
    if (writes.length === 0) return { handled: records.length, rowsChanged: 0, deadLetters: undecodable };

    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    // The server going away between two queries is emitted on the checked-out client, where no
    // one listens: it would crash the flusher. The next query fails with it and is retried.
    let lost: Error | undefined;
    const onLost = (err: Error) => (lost = err);
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      // A budget of transient retries per batch: when everything fails transiently (a
      // statement timeout on every row), bisecting must not retry each record for minutes.
      const budget = { transientRetries: this.options.maxAttempts * 4 };
      const result = await this.applyIsolating(client, writes, true, budget, signal);
      await this.hooks.reached('before-pg-commit');
      await client.query('COMMIT');
      await this.hooks.reached('after-pg-commit');
      return {
        handled: records.length,
        rowsChanged: result.rowsChanged,
        deadLetters: inQueueOrder([...undecodable, ...result.deadLetters]),
      };
    } catch (err) {
      broken = err as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', onLost);
      // A client whose connection failed must not go back to the pool.
      client.release(lost ?? (broken && classifyDatabaseError(broken).connectionLost ? broken : undefined));
    }
  }

  /**
   * Applies `writes` under a savepoint; on failure, retries (transient) or splits the chunk
   * in two and recurses, down to single records, which are dead-lettered.
   */
  private async applyIsolating(
    client: pg.PoolClient,
    writes: PendingWrite[],
    retryWholeChunk: boolean,
    budget: { transientRetries: number },
    signal?: AbortSignal,
  ): Promise<ChunkResult> {
    const { maxAttempts, backoff } = this.options;
    const alone = writes.length === 1;
    for (let attempt = 1; ; attempt++) {
      const savepoint = `chunk_${++this.savepointSeq}`;
      await client.query(`SAVEPOINT ${savepoint}`);
      try {
        let rowsChanged = 0;
        for (const statement of planStatements(this.options.schema, writes)) {
          const result = await client.query(statement.text, statement.values);
          rowsChanged += result.rowCount ?? 0;
        }
        await client.query(`RELEASE SAVEPOINT ${savepoint}`);
        return { rowsChanged, deadLetters: [] };
      } catch (err) {
        const classification = classifyDatabaseError(err);
        if (classification.connectionLost) throw err;
        await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        await client.query(`RELEASE SAVEPOINT ${savepoint}`);

        const retry =
          classification.kind === 'transient' &&
          (alone || retryWholeChunk) &&
          attempt < maxAttempts &&
          budget.transientRetries > 0;
        if (retry) {
          budget.transientRetries--;
          await sleep(backoffDelayMs(attempt, backoff, this.random), signal);
          continue;
        }
        if (alone) {
          return {
            rowsChanged: 0,
            deadLetters: [{ record: writes[0]!.record, error: describeError(err), kind: classification.kind, attempts: attempt }],
          };
        }
        // Keep arrival order across the halves: the first half is applied before the second.
        const middle = Math.floor(writes.length / 2);
        const first = await this.applyIsolating(client, writes.slice(0, middle), false, budget, signal);
        const second = await this.applyIsolating(client, writes.slice(middle), false, budget, signal);
        return {
          rowsChanged: first.rowsChanged + second.rowsChanged,
          deadLetters: [...first.deadLetters, ...second.deadLetters],
        };
      }
    }
  }
}
