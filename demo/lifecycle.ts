/**
 * Closes what a component opened, newest first, one at a time: a consumer must leave its
 * group before the producer it acks with disconnects, and the pool must outlive both.
 * (electron/main/core's DisposableStore disposes concurrently, which suits independent
 * resources; a pipeline's shutdown is a sequence.)
 */
export class ShutdownSequence {
  private readonly steps: Array<{ name: string; close: () => unknown }> = [];
  private closing: Promise<Error[]> | undefined;

  /** Registers a step; once closing has begun, a late resource is closed at once instead. */
  add(name: string, close: () => unknown): void {
    if (this.closing) {
      void (async () => close())().catch(() => undefined);
      return;
    }
    this.steps.push({ name, close });
  }

  /** Runs every step even when some fail; resolves with the failures. */
  close(): Promise<Error[]> {
    this.closing ??= (async () => {
      const failures: Error[] = [];
      for (const step of this.steps.reverse()) {
        try {
          await step.close();
        } catch (err) {
          failures.push(new Error(`${step.name}: ${(err as Error).message}`));
        }
      }
      return failures;
    })();
    return this.closing;
  }
}
