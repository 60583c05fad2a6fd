/**
 * Turns "N per second" into "this many now" on every tick, carrying the fraction, so a
 * rate of 2.5/s on 20 ms ticks still averages 2.5/s. A stalled loop does not burst to
 * catch up beyond `maxBurstMs` of backlog: the generator measures what it can do, it does
 * not promise a rate it cannot keep.
 */
export class RatePacer {
  private carry = 0;
  private last: number | undefined;

  constructor(
    private perSecond: number,
    private readonly maxBurstMs = 1_000,
  ) {}

  setRate(perSecond: number): void {
    this.perSecond = perSecond;
  }

  due(nowMs: number): number {
    if (this.last === undefined) {
      this.last = nowMs;
      return 0;
    }
    const elapsed = Math.min(Math.max(nowMs - this.last, 0), this.maxBurstMs);
    this.last = nowMs;
    this.carry += (this.perSecond * elapsed) / 1000;
    const whole = Math.floor(this.carry);
    this.carry -= whole;
    return whole;
  }
}
