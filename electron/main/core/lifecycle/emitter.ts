import { reportUnexpected } from '../logging/unexpected';
import { toDisposable, type Disposable } from './disposable';

/** A typed event source; each subscription is a Disposable its owner releases. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return toDisposable(() => {
      this.listeners.delete(listener);
    });
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        // One broken listener must not starve the others of events, nor stop the process.
        reportUnexpected(err, 'an event listener');
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
