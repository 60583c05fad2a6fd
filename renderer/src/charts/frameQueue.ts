// The browser's frame clock, declared here: the tests compile this file without the DOM's types.
declare function requestAnimationFrame(run: () => void): number;
declare function cancelAnimationFrame(frame: number): void;

/**
 * Redraws spread over animation frames, one a frame. The charts of a view change on the same
 * sample; redrawn in the same task they hold the page for their sum (tens of ms on a slow
 * machine), one a frame no frame waits for more than one chart. A chart that asks again
 * before its turn keeps its place and then runs its latest redraw.
 */
export class FrameQueue {
  private readonly pending = new Map<object, () => void>();
  private frame: number | null = null;

  constructor(
    private readonly requestFrame: (run: () => void) => number = (run) => requestAnimationFrame(run),
    private readonly cancelFrame: (frame: number) => void = (frame) => cancelAnimationFrame(frame),
  ) {}

  schedule(owner: object, redraw: () => void): void {
    this.pending.set(owner, redraw);
    this.frame ??= this.requestFrame(() => this.runOne());
  }

  /** Forgets the owner's pending redraw (a chart going away). */
  cancel(owner: object): void {
    this.pending.delete(owner);
    if (this.pending.size === 0 && this.frame !== null) {
      this.cancelFrame(this.frame);
      this.frame = null;
    }
  }

  private runOne(): void {
    this.frame = null;
    const next = this.pending.entries().next();
    if (next.done) return;
    const [owner, redraw] = next.value;
    this.pending.delete(owner);
    if (this.pending.size > 0) this.frame = this.requestFrame(() => this.runOne());
    redraw();
  }
}

/** The app's charts take turns in one queue. */
export const chartRedraws = new FrameQueue();
