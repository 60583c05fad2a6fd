import { dirname } from 'node:path';
import { ensurePrivateDir } from '../files/privateFiles';
import { acquirePidLock, type PidLock } from '../files/pidLock';
import type { Disposable } from '../lifecycle/disposable';
import { log } from '../logging/logger';
import { loadHistoryFile, saveHistoryFile } from './historyFile';
import { MetricsHistory } from './metricsHistory';

export interface HistoryStoreOptions {
  /** Where the profile's history is saved; null keeps it in memory (the CLI must not overwrite the app's). */
  path: string | null;
  saveEveryMs?: number;
  warn?: (message: string) => void;
}

/**
 * Owns one profile's history: reads the saved file on first use, saves it every minute and
 * once more when disposed, so reopening the app shows the recent past.
 *
 * One process at a time writes a history file: the desktop app and serve mode share the
 * user-data folder, and two serve instances may run at once. The first to open it takes
 * `<file>.lock` (its pid; a dead holder's lock is taken over); the others read the file
 * and keep what they sample in memory, instead of overwriting each other's minutes.
 */
export class HistoryStore implements Disposable {
  private opening: Promise<MetricsHistory> | undefined;
  private lock: PidLock | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly warn: (message: string) => void;

  constructor(private readonly options: HistoryStoreOptions) {
    this.warn = options.warn ?? ((message) => log.warn(message));
  }

  /** The history, loaded once; autosave starts with it. */
  open(): Promise<MetricsHistory> {
    this.opening ??= this.load();
    return this.opening;
  }

  /** Whether this store saves its file (false: in memory, or another process writes it). */
  get isWriter(): boolean {
    return this.lock !== undefined;
  }

  private async load(): Promise<MetricsHistory> {
    const { path } = this.options;
    if (path && !this.disposed) this.lock = await this.takeLock(path);
    const history = new MetricsHistory(path ? await loadHistoryFile(path, this.warn) : []);
    if (this.lock && !this.disposed) {
      this.timer = setInterval(() => void this.save(), this.options.saveEveryMs ?? 60_000);
    }
    return history;
  }

  private async takeLock(path: string): Promise<PidLock | undefined> {
    try {
      await ensurePrivateDir(dirname(path));
      const attempt = await acquirePidLock(`${path}.lock`);
      if (attempt.acquired) return attempt.lock;
      log.info(
        `the history ${path} is written by another CacheScope (pid ${attempt.heldBy}): ` +
          'this one reads it and keeps its own samples in memory',
      );
    } catch (err) {
      this.warn(`cannot lock the history ${path}, keeping it in memory: ${(err as Error).message}`);
    }
    return undefined;
  }

  /** Saves now, after any save in flight; failures are reported, never thrown at the sampler. */
  save(): Promise<void> {
    const { path } = this.options;
    const opening = this.opening;
    if (!path || !opening) return this.saving;
    this.saving = this.saving
      .then(async () => {
        const history = await opening;
        if (this.lock) await saveHistoryFile(path, history.stored(), Date.now());
      })
      .catch((err: unknown) => this.warn(`cannot save the history ${path}: ${(err as Error).message}`));
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
