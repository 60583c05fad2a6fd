import { dirname } from 'node:path';
import { ensurePrivateDir } from '../files/privateFiles';
import { acquirePidLock, type PidLock } from '../files/pidLock';
import type { Disposable } from '../lifecycle/disposable';
import { log } from '../logging/logger';

export interface SingleWriterStoreOptions {
  /** Where it is saved; null keeps it in memory. */
  path: string | null;
  /** Read the file but never lock or write it (the CLI beside a running app). */
  readOnly?: boolean;
  saveEveryMs?: number;
  warn?: (message: string) => void;
}

/** How a kept value is read from its file (a missing or unreadable one gives an empty value) and written back. */
export interface StoredFormat<T> {
  /** What it is, for log lines: `history`, `timeline`. */
  what: string;
  load(path: string | null, warn: (message: string) => void): Promise<T>;
  save(path: string, value: T): Promise<void>;
}

/**
 * Owns a file of a profile's recent past (the stats history, the timeline): reads it on first
 * use, saves it every minute and once more when disposed, so reopening the app shows it.
 *
 * One process at a time writes such a file: the desktop app and serve mode share the
 * user-data folder, and two serve instances may run at once. The first to open it takes
 * `<file>.lock` (its pid; a dead holder's lock is taken over); the others read the file
 * and keep what they add in memory, instead of overwriting each other's minutes.
 */
export class SingleWriterStore<T> implements Disposable {
  private opening: Promise<T> | undefined;
  private lock: PidLock | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly format: StoredFormat<T>,
    private readonly options: SingleWriterStoreOptions,
  ) {
    this.warn = options.warn ?? ((message) => log.warn(message));
  }

  /** The value, loaded once; autosave starts with it. */
  open(): Promise<T> {
    this.opening ??= this.load();
    return this.opening;
  }

  /** Whether this store saves its file (false: in memory, read-only, or another process writes it). */
  get isWriter(): boolean {
    return this.lock !== undefined;
  }

  private async load(): Promise<T> {
    const { path } = this.options;
    if (path && !this.options.readOnly && !this.disposed) this.lock = await this.takeLock(path);
    const value = await this.format.load(path, this.warn);
    if (this.lock && !this.disposed) {
      this.timer = setInterval(() => void this.save(), this.options.saveEveryMs ?? 60_000);
    }
    return value;
  }

  private async takeLock(path: string): Promise<PidLock | undefined> {
    const { what } = this.format;
    try {
      await ensurePrivateDir(dirname(path));
      const attempt = await acquirePidLock(`${path}.lock`);
      if (attempt.acquired) return attempt.lock;
      log.info(
        `the ${what} ${path} is written by another CacheScope (pid ${attempt.heldBy}): ` +
          'this one reads it and keeps its own additions in memory',
      );
    } catch (err) {
      this.warn(`cannot lock the ${what} ${path}, keeping it in memory: ${(err as Error).message}`);
    }
    return undefined;
  }

  /** Saves now, after any save in flight; failures are reported, never thrown at the caller. */
  save(): Promise<void> {
    const { path } = this.options;
    const opening = this.opening;
    if (!path || !opening) return this.saving;
    this.saving = this.saving
      .then(async () => {
        const value = await opening;
        if (this.lock) await this.format.save(path, value);
      })
      .catch((err: unknown) => this.warn(`cannot save the ${this.format.what} ${path}: ${(err as Error).message}`));
    return this.saving;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.timer);
    await this.save();
    await this.lock?.release();
    this.lock = undefined;
  }
}
