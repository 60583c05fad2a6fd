import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AbortedError, sleep } from '../abortableSleep';
import type { DemoEndpoints } from '../config';
import { createKafka, createProducer } from '../kafkaClient';
import { ShutdownSequence } from '../lifecycle';
import { ensureDemoSchema, ensureDemoTopics } from '../schema';
import { backoffDelayMs, type BackoffPolicy } from './backoff';
import { ControlChannel, controlGroupId } from './controlChannel';
import { publishDeadLetters } from './deadLetters';
import { describeError } from './errorClassification';
import type { PauseHooks } from './pauseHooks';
import { PostgresBatchWriter } from './postgresBatchWriter';
import { offsetsToCommit, toQueuedRecord, type QueuedRecord } from './queuedRecord';
import { SlowdownSwitch } from './slowdown';

export interface FlusherOptions {
  endpoints: DemoEndpoints;
  topic: string;
  group: string;
  dlqTopic: string;
  controlTopic: string;
  /** Postgres schema holding the demo tables. */
  schema: string;
  /** A batch is written when it holds this many records… */
  maxBatchSize: number;
  /** …or when its oldest record has waited this long. */
  lingerMs: number;
  /** Tries per record for transient errors before it goes to the DLQ. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** Delay before each batch (see SlowdownSwitch); 0 for none. */
  slowMs: number;
  slowKey: string;
  workerId?: string;
  /** Create the topics and tables if missing, so the flusher runs on its own. */
  ensureSetup: boolean;
  /** Period of the summary line; 0 for none. */
  statsIntervalMs: number;
  /**
   * How long the group waits for a silent member before handing its partitions to others.
   * Kafka's default (30 s) is also how long a crashed flusher's partitions stay unread.
   */
  sessionTimeoutMs?: number;
  /** Postgres lock_timeout: a row locked by someone else fails transiently instead of hanging. */
  lockTimeoutMs?: number;
  hooks?: PauseHooks;
  log: (line: string) => void;
  /** The consumer died for good (kafkajs gave up restarting it). */
  onFatal?: (error: Error) => void;
}

export interface FlusherStats {
  received: number;
  handled: number;
  rowsChanged: number;
  deadLettered: number;
  flushes: number;
  commitFailures: number;
}

/**
 * The worker id is also the flusher's Kafka client id, so a flush-ack's `worker` names the
 * consumer-group member that sent it (its clientId, and the start of its memberId).
 */
export function newWorkerId(): string {
  return `flusher-${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/**
 * The write-behind flusher: consumes the queue topic in its consumer group, holds records
 * in memory until the batch is big or old enough (or a flush command arrives), writes the
 * batch to Postgres in one transaction, dead-letters what cannot be written, and only then
 * commits the offsets. Anything not yet committed is read again after a crash, and
 * versioned upserts make that harmless: at-least-once delivery, exactly-once effect.
 *
 * kafkajs fetches from the last *resolved* offset, and with autoCommit off it never
 * commits by itself. So records are resolved as they enter the buffer (fetching goes on
 * while the batch fills) and committed explicitly after the batch is handled.
 */
export class Flusher {
  readonly workerId: string;
  private buffer: QueuedRecord[] = [];
  private inflight = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private flushChain: Promise<unknown> = Promise.resolve();
  private activeBatch: Promise<void> | undefined;
  private stopping = false;
  private stopped: Promise<boolean> | undefined;
  /** Aborted when a stop runs out of time: retry loops give up, the batch stays uncommitted. */
  private readonly abort = new AbortController();
  /** Aborted as soon as a stop begins: a deliberate slowdown must not delay the shutdown. */
  private readonly stopRequested = new AbortController();
  private readonly counters: FlusherStats = {
    received: 0,
    handled: 0,
    rowsChanged: 0,
    deadLettered: 0,
    flushes: 0,
    commitFailures: 0,
  };
  private readonly shutdown = new ShutdownSequence();
  private consumer!: Consumer;
  private producer!: Producer;
  private writer!: PostgresBatchWriter;
  private slowdown!: SlowdownSwitch;

  private constructor(private readonly options: FlusherOptions) {
    this.workerId = options.workerId ?? newWorkerId();
  }

  static async start(options: FlusherOptions): Promise<Flusher> {
    const flusher = new Flusher(options);
    try {
      await flusher.open();
    } catch (err) {
      await flusher.shutdown.close();
      throw err;
    }
    return flusher;
  }

  get stats(): Readonly<FlusherStats> {
    return { ...this.counters };
  }

  private log(line: string): void {
    this.options.log(line);
  }

  private async open(): Promise<void> {
    const options = this.options;
    const { endpoints } = options;

    const pool = new pg.Pool({
      connectionString: endpoints.databaseUrl,
      max: 2,
      application_name: 'cachescope-demo-flusher',
      // A row locked by someone else must fail (transiently) rather than hang the partition.
      lock_timeout: options.lockTimeoutMs ?? 2_000,
      statement_timeout: 30_000,
      connectionTimeoutMillis: 5_000,
    });
    // Idle clients report a dropped connection as an 'error' event; without a listener Node exits.
    pool.on('error', (err) => this.log(`postgres idle client error: ${err.message}`));
    this.shutdown.add('postgres pool', () => pool.end());

    const redis = new Redis(endpoints.redisUrl, { maxRetriesPerRequest: 1, connectionName: 'cachescope-demo-flusher' });
    redis.on('error', () => undefined); // polled best-effort; the slowdown keeps its last value
    this.shutdown.add('redis', () => redis.quit().catch(() => redis.disconnect()));

    const kafka = createKafka(endpoints.kafkaBrokers, this.workerId);
    const admin: Admin = kafka.admin();
    await admin.connect();
    this.shutdown.add('kafka admin', () => admin.disconnect());
    if (options.ensureSetup) {
      await ensureDemoTopics(admin, { queueTopic: options.topic, dlqTopic: options.dlqTopic, controlTopic: options.controlTopic });
      await ensureDemoSchema(pool, options.schema);
    }

    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.shutdown.add('kafka producer', () => this.producer.disconnect());

    this.writer = new PostgresBatchWriter({
      pool,
      schema: options.schema,
      maxAttempts: options.maxAttempts,
      backoff: options.backoff,
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
    this.slowdown = new SlowdownSwitch(options.slowMs, redis, options.slowKey, 1_000, (ms) =>
      this.log(`slowdown now ${ms} ms per batch`),
    );
    this.shutdown.add('slowdown switch', () => this.slowdown.dispose());

    this.consumer = kafka.consumer({
      groupId: options.group,
      maxWaitTimeInMs: 1_000,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[options.topic] ?? [];
      this.log(`joined ${options.group}: partitions [${partitions.join(', ')}] of ${options.topic}`);
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.log(`consumer crashed (${payload.error.message}); ${payload.restart ? 'restarting' : 'not restarting'}`);
      // A flusher that no longer consumes must not look alive: let the owner end it.
      if (!payload.restart) options.onFatal?.(payload.error);
    });
    await this.consumer.connect();
    this.shutdown.add('kafka consumer', () => this.consumer.disconnect());
    // A new group starts at the beginning of the queue: no queued write is ever skipped.
    await this.consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.trackBatch(payload),
    });

    const control = await ControlChannel.start({
      kafka,
      admin,
      producer: this.producer,
      topic: options.controlTopic,
      groupId: controlGroupId(options.group, this.workerId),
      workerId: this.workerId,
      flush: () => this.flushNow(),
      log: (line) => this.log(line),
      ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
    });
    this.shutdown.add('control channel', () => control.dispose());

    if (options.statsIntervalMs > 0) this.startSummary(options.statsIntervalMs);
    this.shutdown.add('linger timer', () => this.clearLinger());
  }

  private trackBatch(payload: EachBatchPayload): Promise<void> {
    const batch = this.onBatch(payload);
    this.activeBatch = batch;
    return batch.finally(() => {
      if (this.activeBatch === batch) this.activeBatch = undefined;
    });
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (this.stopping || !isRunning() || isStale()) break;
      this.buffer.push(toQueuedRecord(batch.topic, batch.partition, message));
      this.counters.received++;
      // Moves the fetch position only: autoCommit is off, the commit waits for Postgres.
      resolveOffset(message.offset);
      if (this.buffer.length >= this.options.maxBatchSize) await this.flushKeepingMembership(heartbeat);
    }
    this.armLinger();
    await heartbeat();
  }

  /** While this partition's handler waits for Postgres, the group must still hear from us. */
  private async flushKeepingMembership(heartbeat: () => Promise<void>): Promise<void> {
    const timer = setInterval(() => void heartbeat().catch(() => undefined), 3_000);
    try {
      await this.requestFlush();
    } finally {
      clearInterval(timer);
    }
  }

  private armLinger(): void {
    if (this.lingerTimer || this.buffer.length === 0 || this.stopping) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      this.requestFlush().catch((err: Error) => this.log(`flush failed: ${err.message}`));
    }, this.options.lingerMs);
  }

  private clearLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }

  /** Flushes serialize: one batch, one transaction, one commit at a time. */
  private requestFlush(): Promise<number> {
    const run = this.flushChain.then(() => this.flushOnce());
    this.flushChain = run.catch(() => undefined);
    return run;
  }

  /**
   * Answers a flush command: resolves once every record that was in memory when it was
   * called (including a batch being written right now) is handled and committed.
   */
  async flushNow(): Promise<number> {
    const held = this.buffer.length + this.inflight;
    await this.requestFlush();
    return held;
  }

  private async flushOnce(): Promise<number> {
    this.clearLinger();
    if (this.buffer.length === 0) return 0;
    const batch = this.buffer;
    this.buffer = [];
    this.inflight = batch.length;
    const signal = this.abort.signal;
    try {
      await this.slowdown.delay(this.stopRequested.signal).catch(() => undefined);
      // Every step is idempotent (versioned SQL, at-least-once DLQ, commits of the same
      // offsets), so whatever fails, the whole sequence is simply run again.
      for (let failures = 0; ; failures++) {
        try {
          const outcome = await this.writer.write(batch, signal);
          await publishDeadLetters(this.producer, this.options.dlqTopic, outcome.deadLetters);
          await this.commit(batch);
          this.counters.flushes++;
          this.counters.handled += outcome.handled;
          this.counters.rowsChanged += outcome.rowsChanged;
          // Counted in the periodic summary; each record's reason is in its DLQ headers.
          this.counters.deadLettered += outcome.deadLetters.length;
          return batch.length;
        } catch (err) {
          if (err instanceof AbortedError || signal.aborted) throw err;
          const delay = backoffDelayMs(failures + 1, this.options.backoff);
          this.log(`batch of ${batch.length} failed (${describeError(err)}); retrying in ${Math.round(delay)} ms`);
          await sleep(delay, signal);
        }
      }
    } catch (err) {
      // Shutting down without finishing: nothing was committed, the records stay queued in
      // Kafka and the next flusher of the group reads them again.
      this.buffer = [...batch, ...this.buffer];
      throw err;
    } finally {
      this.inflight = 0;
      this.armLinger();
    }
  }

  /**
   * Commits the batch's offsets. A failed commit (the group rebalanced under us) is logged,
   * not retried: the records are in Postgres, and whoever owns the partition now reads them
   * again and finds them stale. Failing in this direction is always safe.
   */
  private async commit(batch: readonly QueuedRecord[]): Promise<void> {
    try {
      await this.consumer.commitOffsets(offsetsToCommit(batch));
    } catch (err) {
      this.counters.commitFailures++;
      this.log(`offset commit failed (${(err as Error).message}); the records will be redelivered`);
    }
  }

  private startSummary(intervalMs: number): void {
    let previous = this.stats;
    let previousAt = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      const current = this.stats;
      const seconds = (now - previousAt) / 1000;
      const rate = (n: number) => (n / seconds).toFixed(0);
      this.log(
        `persisted ${rate(current.handled - previous.handled)}/s` +
          ` (received ${rate(current.received - previous.received)}/s, rows changed ${current.rowsChanged - previous.rowsChanged},` +
          ` dead-lettered ${current.deadLettered - previous.deadLettered}, batches ${current.flushes - previous.flushes},` +
          ` buffered ${this.buffer.length + this.inflight}, slow ${this.slowdown.currentMs} ms)`,
      );
      previous = current;
      previousAt = now;
    }, intervalMs);
    this.shutdown.add('summary timer', () => clearInterval(timer));
  }

  /**
   * Stops consuming, flushes and commits what is in memory, then closes everything.
   * Resolves true when the last batch was committed, false when it ran out of time (the
   * uncommitted records are then simply read again by the next flusher).
   */
  stop(deadlineMs = 20_000): Promise<boolean> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.stopRequested.abort();
      this.clearLinger();
      const deadline = setTimeout(() => this.abort.abort(), deadlineMs);
      let clean = true;
      try {
        this.consumer.pause([{ topic: this.options.topic }]);
        await this.activeBatch?.catch(() => undefined);
        await this.requestFlush();
      } catch (err) {
        clean = false;
        this.log(`final flush incomplete: ${(err as Error).message}`);
      } finally {
        clearTimeout(deadline);
      }
      const failures = await this.shutdown.close();
      for (const failure of failures) this.log(`shutdown: ${failure.message}`);
      return clean;
    })();
    return this.stopped;
  }
}
