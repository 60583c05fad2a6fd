/**
 * Ownership of timers, connections and subscriptions, after VS Code's Disposable:
 * whoever creates one registers it with an owner, and disposing the owner releases
 * everything it holds, newest first.
 */
export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(dispose: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      return dispose();
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      void item.dispose();
      throw new Error('cannot add to a disposed store');
    }
    this.items.add(item);
    return item;
  }

  /** Releases one item early and forgets it. */
  async release(item: Disposable): Promise<void> {
    if (this.items.delete(item)) await item.dispose();
  }

  /**
   * Disposes newest first, one at a time: what was added later may use what was added
   * earlier (a sampler its connection), so it must be gone before that closes. A
   * failure does not stop the rest; the first one is rethrown at the end.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items].reverse();
    this.items.clear();
    let failure: { reason: unknown } | undefined;
    for (const item of items) {
      try {
        await item.dispose();
      } catch (reason) {
        failure ??= { reason };
      }
    }
    if (failure) throw failure.reason;
  }
}

/** A timeout owned like any other resource. */
export function disposableTimeout(fn: () => void, ms: number): Disposable {
  const handle = setTimeout(fn, ms);
  return toDisposable(() => clearTimeout(handle));
}
