import type { Redis } from 'ioredis';
import { cacheKey } from './entities';
import { RatePacer } from './ratePacer';
import type { ReadThroughCache } from './readThroughCache';
import type { WriteBehindWriter } from './writeBehindWriter';
import { ZipfKeyPicker } from './zipf';

export interface StampedeOptions {
  /** Seconds between bursts. */
  everySeconds: number;
  /** Concurrent reads of the hot key right after it is deleted. */
  concurrency: number;
}

export interface LoadGeneratorOptions {
  cache: ReadThroughCache;
  writer: WriteBehindWriter;
  /** Used to delete the hot key before a stampede. */
  redis: Redis;
  readsPerSecond: number;
  writesPerSecond: number;
  /** Ids 1..keyCount per namespace; id 1 is the hottest. */
  keyCount: number;
  /** Zipf exponent: 0 uniform, ~1 strongly skewed. */
  zipfExponent: number;
  /** Fraction of writes that violate a CHECK constraint and must end in the DLQ. */
  poisonRate: number;
  /** Fraction of writes that are deletes. */
  deleteRate: number;
  stampede?: StampedeOptions;
  /** Share of operations on `product` (the rest on `user`). */
  productShare?: number;
  /** Operations in flight beyond this are skipped and counted as dropped. */
  maxInFlight?: number;
  statsIntervalMs?: number;
  log?: (line: string) => void;
  random?: () => number;
}

export interface LoadCounters {
  reads: number;
  writes: number;
  poison: number;
  deletes: number;
  errors: number;
  dropped: number;
  stampedes: number;
}

/** A summary of one period, e.g. `reads 498/s hit 91.2% | writes 50/s …`. */
export function summaryLine(
  seconds: number,
  load: LoadCounters,
  cache: { hits: number; misses: number; loads: number },
  inFlight: number,
): string {
  const rate = (n: number) => (n / seconds).toFixed(0);
  const lookups = cache.hits + cache.misses;
  const hitRate = lookups === 0 ? '-' : `${((100 * cache.hits) / lookups).toFixed(1)}%`;
  return (
    `reads ${rate(load.reads)}/s hit ${hitRate} loads ${rate(cache.loads)}/s | ` +
    `writes ${rate(load.writes)}/s (poison ${load.poison}, deletes ${load.deletes}) | ` +
    `stampedes ${load.stampedes} errors ${load.errors} dropped ${load.dropped} in-flight ${inFlight}`
  );
}

function diff(a: LoadCounters, b: LoadCounters): LoadCounters {
  return {
    reads: a.reads - b.reads,
    writes: a.writes - b.writes,
    poison: a.poison - b.poison,
    deletes: a.deletes - b.deletes,
    errors: a.errors - b.errors,
    dropped: a.dropped - b.dropped,
    stampedes: a.stampedes - b.stampedes,
  };
}

/**
 * The demo workload: paced reads through the cache and writes behind it, over zipf-skewed
 * keys, with poison records and periodic stampedes on the hottest key. It owns its timers;
 * the clients are the caller's.
 */
export class LoadGenerator {
  private readonly picker: ZipfKeyPicker;
  private readonly readPacer: RatePacer;
  private readonly writePacer: RatePacer;
  private readonly random: () => number;
  private readonly maxInFlight: number;
  private readonly log: (line: string) => void;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly counters: LoadCounters = { reads: 0, writes: 0, poison: 0, deletes: 0, errors: 0, dropped: 0, stampedes: 0 };
  private lastError: string | undefined;
  private running = false;

  constructor(private readonly options: LoadGeneratorOptions) {
    this.picker = new ZipfKeyPicker(options.keyCount, options.zipfExponent);
    this.readPacer = new RatePacer(options.readsPerSecond);
    this.writePacer = new RatePacer(options.writesPerSecond);
    this.random = options.random ?? Math.random;
    this.maxInFlight = options.maxInFlight ?? 256;
    this.log = options.log ?? (() => undefined);
  }

  get stats(): Readonly<LoadCounters> {
    return { ...this.counters };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timers.push(setInterval(() => this.tick(), 20));
    const { stampede, statsIntervalMs = 5_000 } = this.options;
    if (stampede && stampede.everySeconds > 0) {
      this.timers.push(setInterval(() => this.track(this.stampede(stampede.concurrency)), stampede.everySeconds * 1000));
    }
    if (statsIntervalMs > 0) this.startSummary(statsIntervalMs);
  }

  /** Stops issuing operations and waits for those in flight. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private tick(): void {
    const now = performance.now();
    for (let i = this.readPacer.due(now); i > 0; i--) this.launch(() => this.read());
    for (let i = this.writePacer.due(now); i > 0; i--) this.launch(() => this.write());
  }

  private launch(operation: () => Promise<void>): void {
    if (!this.running) return;
    if (this.inFlight.size >= this.maxInFlight) {
      this.counters.dropped++;
      return;
    }
    this.track(operation());
  }

  private track(operation: Promise<void>): void {
    const tracked = operation.catch((err: Error) => {
      this.counters.errors++;
      if (err.message !== this.lastError) this.log(`operation failed: ${err.message}`);
      this.lastError = err.message;
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private pickKey(): { namespace: 'product' | 'user'; id: string } {
    const namespace = this.random() < (this.options.productShare ?? 0.75) ? 'product' : 'user';
    return { namespace, id: String(this.picker.pick(this.random) + 1) };
  }

  private async read(): Promise<void> {
    const { namespace, id } = this.pickKey();
    this.counters.reads++;
    await this.options.cache.get(namespace, id);
  }

  private async write(): Promise<void> {
    const { namespace, id } = this.pickKey();
    const { writer, poisonRate, deleteRate } = this.options;
    const roll = this.random();
    this.counters.writes++;
    if (roll < deleteRate) {
      this.counters.deletes++;
      await writer.delete(namespace, id);
      return;
    }
    const poison = roll < deleteRate + poisonRate;
    if (poison) this.counters.poison++;
    await writer.upsert(namespace, id, this.rowData(namespace, id, poison));
  }

  /** Plausible data; a poison row breaks the table's CHECK constraint. */
  private rowData(namespace: 'product' | 'user', id: string, poison: boolean): Record<string, unknown> {
    if (namespace === 'product') {
      const price = 100 + Math.floor(this.random() * 10_000);
      return { name: `Product ${id}`, price_cents: poison ? -price : price, stock: Math.floor(this.random() * 100) };
    }
    return { email: poison ? `user${id}.example.com` : `user${id}@example.com`, name: `User ${id}` };
  }

  /**
   * The hot key expires (here: is deleted) and N requests miss it at once. Coalescing
   * should turn them into one Postgres load per process.
   */
  private async stampede(concurrency: number): Promise<void> {
    const id = '1';
    const loadsBefore = this.options.cache.stats.loads;
    await this.options.redis.del(cacheKey('product', id));
    this.counters.stampedes++;
    this.counters.reads += concurrency;
    await Promise.all(Array.from({ length: concurrency }, () => this.options.cache.get('product', id)));
    const loads = this.options.cache.stats.loads - loadsBefore;
    this.log(`stampede: ${concurrency} concurrent misses on ${cacheKey('product', id)} -> ${loads} Postgres load(s)`);
  }

  private startSummary(intervalMs: number): void {
    let previous = this.stats;
    let previousCache = this.options.cache.stats;
    let previousAt = performance.now();
    this.timers.push(
      setInterval(() => {
        const now = performance.now();
        const current = this.stats;
        const cache = this.options.cache.stats;
        const cacheDelta = { hits: cache.hits - previousCache.hits, misses: cache.misses - previousCache.misses, loads: cache.loads - previousCache.loads };
        this.log(summaryLine((now - previousAt) / 1000, diff(current, previous), cacheDelta, this.inFlight.size));
        previous = current;
        previousCache = cache;
        previousAt = now;
      }, intervalMs),
    );
  }
}
