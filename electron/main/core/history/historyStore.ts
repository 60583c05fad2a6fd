import { loadHistoryFile, saveHistoryFile } from './historyFile';
import { MetricsHistory } from './metricsHistory';
import { SingleWriterStore, type SingleWriterStoreOptions, type StoredFormat } from './singleWriterStore';

const historyFormat: StoredFormat<MetricsHistory> = {
  what: 'history',
  load: async (path, warn) => new MetricsHistory(path ? await loadHistoryFile(path, warn) : []),
  save: (path, history) => saveHistoryFile(path, history.stored(), Date.now()),
};

/** One profile's stats history, saved between runs by one process at a time (see SingleWriterStore). */
export class HistoryStore extends SingleWriterStore<MetricsHistory> {
  constructor(options: SingleWriterStoreOptions) {
    super(historyFormat, options);
  }
}
