import type { Redis } from 'ioredis';
import { sleep } from '../abortableSleep';

/** Redis key a person (or the dashboard's demo panel) sets to slow every flusher down. */
export const defaultSlowdownKey = 'demo:flusher:slow-ms';

/** Parses the key's value; anything but a non-negative number means "no override". */
export function parseSlowMs(raw: string | null): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * A deliberate delay before each batch, to make the queue lag on demand. The starting value
 * comes from `--slow-ms`; while it runs, `SET demo:flusher:slow-ms 2000` overrides it and
 * `DEL demo:flusher:slow-ms` restores it (polled once a second).
 */
export class SlowdownSwitch {
  private override: number | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly baseMs: number,
    private readonly redis?: Redis,
    private readonly key: string = defaultSlowdownKey,
    pollMs = 1_000,
    private readonly onChange: (ms: number) => void = () => undefined,
  ) {
    if (redis) {
      this.timer = setInterval(() => void this.poll(), pollMs);
      void this.poll();
    }
  }

  get currentMs(): number {
    return this.override ?? this.baseMs;
  }

  async delay(signal?: AbortSignal): Promise<void> {
    const ms = this.currentMs;
    if (ms > 0) await sleep(ms, signal);
  }

  private async poll(): Promise<void> {
    if (!this.redis) return;
    const before = this.currentMs;
    try {
      this.override = parseSlowMs(await this.redis.get(this.key));
    } catch {
      return; // Redis down: keep the last known setting.
    }
    if (this.currentMs !== before) this.onChange(this.currentMs);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
