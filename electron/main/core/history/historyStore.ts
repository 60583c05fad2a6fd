import type { Disposable } from '../lifecycle/disposable';
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
 */
export class HistoryStore implements Disposable {
  private opening: Promise<MetricsHistory> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly warn: (message: string) => void;

  constructor(private readonly options: HistoryStoreOptions) {
    this.warn = options.warn ?? ((message) => console.warn(`cachescope: ${message}`));
  }

  /** The history, loaded once; autosave starts with it. */
  open(): Promise<MetricsHistory> {
    this.opening ??= this.load();
    return this.opening;
  }

  private async load(): Promise<MetricsHistory> {
    const { path } = this.options;
    const history = new MetricsHistory(path ? await loadHistoryFile(path, this.warn) : []);
    if (path && !this.disposed) {
      this.timer = setInterval(() => void this.save(), this.options.saveEveryMs ?? 60_000);
    }
    return history;
  }

  /** Saves now, after any save in flight; failures are reported, never thrown at the sampler. */
  save(): Promise<void> {
    const { path } = this.options;
    const opening = this.opening;
    if (!path || !opening) return this.saving;
    this.saving = this.saving
      .then(async () => saveHistoryFile(path, (await opening).stored(), Date.now()))
      .catch((err: unknown) => this.warn(`cannot save the history ${path}: ${(err as Error).message}`));
    return this.saving;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.timer);
    await this.save();
  }
}
