import type { Redis } from 'ioredis';

/**
 * Per-key versions for write-behind records: `INCR` on a version key, so every writer
 * process gets a strictly larger number than the last one handed out for that key.
 *
 * The counter is floored at the wall clock in microseconds. Without the floor, losing the
 * counters (FLUSHDB from the dashboard, an eviction, the TTL below) would restart versions
 * at 1, and the flusher's `WHERE t.version < EXCLUDED.version` would silently ignore every
 * later write to a row it had already stored with a higher version. With it, a restarted
 * counter resumes above anything handed out before (given clocks that do not jump back),
 * so the version keys can carry a TTL instead of piling up forever.
 */
const nextVersionScript = `
local v = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if v < floor then
  redis.call('SET', KEYS[1], ARGV[1])
  v = floor
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return v
`;

export interface VersionClockOptions {
  /** Version keys are `<prefix><cache key>`, e.g. `demo:version:product:42`. */
  keyPrefix?: string;
  /** Idle version keys expire after this long; the clock floor makes that safe. */
  keyTtlMs?: number;
  /** Epoch milliseconds, fractional allowed. */
  now?: () => number;
}

export class VersionClock {
  private readonly keyPrefix: string;
  private readonly keyTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    options: VersionClockOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'demo:version:';
    this.keyTtlMs = options.keyTtlMs ?? 24 * 60 * 60 * 1000;
    // Microseconds: Date.now() alone would floor two handouts in one millisecond alike.
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  async next(key: string): Promise<number> {
    const floor = Math.floor(this.now() * 1000);
    const version = await this.redis.eval(nextVersionScript, 1, this.keyPrefix + key, String(floor), String(this.keyTtlMs));
    return Number(version);
  }
}
