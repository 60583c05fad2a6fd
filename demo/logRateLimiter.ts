/**
 * Lets each distinct log line through at most once per interval; the next time it is let
 * through it says how many times it was held back, so an outage logs a few lines with
 * counts instead of hundreds of identical ones.
 */
export class LogRateLimiter {
  private readonly seen = new Map<string, { shownAt: number; held: number }>();

  constructor(
    private readonly intervalMs = 10_000,
    /** Distinct lines remembered; beyond it the ones shown longest ago are forgotten. */
    private readonly capacity = 500,
  ) {}

  /** The line to print now (with "(×N)" for N held back since it was last shown), or null to hold it back. */
  admit(line: string, now: number): string | null {
    const entry = this.seen.get(line);
    if (entry && now - entry.shownAt < this.intervalMs) {
      entry.held += 1;
      return null;
    }
    const held = entry?.held ?? 0;
    this.seen.delete(line);
    this.seen.set(line, { shownAt: now, held: 0 });
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
    return held > 0 ? `${line} (×${held + 1} in ${Math.round((now - entry!.shownAt) / 1000)} s)` : line;
  }
}
