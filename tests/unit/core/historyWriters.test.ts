import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { Core } from '../../../electron/main/core/core';
import { loadHistoryFile } from '../../../electron/main/core/history/historyFile';
import { statsHistoryPath } from '../../../electron/main/core/history/historyPath';
import { HistoryStore } from '../../../electron/main/core/history/historyStore';
import { log, stderrSink } from '../../../electron/main/core/logging/logger';

const dir = mkdtempSync(join(tmpdir(), 'cachescope-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => log.configure([stderrSink('warn')]));
const t0 = 1_764_000_000_000;

const savedSeries = async (path: string) => (await loadHistoryFile(path, () => undefined)).map((s) => s.name);

test('the desktop app and serve mode on one user-data folder do not overwrite each other’s history', async () => {
  const home = join(dir, 'shared-home');
  const env = { CACHESCOPE_HOME: home };
  const desktop = await Core.create({ frontEnd: 'desktop', env });
  const serve = await Core.create({ frontEnd: 'serve', env });
  (await desktop.session().statsHistory.open()).append('desktopSeries', 1_000, t0, 1);
  (await serve.session().statsHistory.open()).append('serveSeries', 1_000, t0, 2);
  expect(desktop.session().statsHistory.isWriter).toBe(true);
  expect(serve.session().statsHistory.isWriter).toBe(false);
  // The reader closes last: without the lock its save would replace the writer's file.
  await desktop.dispose();
  await serve.dispose();
  const path = statsHistoryPath(home, 'local');
  expect(await savedSeries(path)).toEqual(['desktopSeries']);
  expect(existsSync(`${path}.lock`)).toBe(false);
});

test('a second instance of the same front end reads the history, keeps its samples in memory and says so', async () => {
  const lines: string[] = [];
  log.configure([{ threshold: 'info', timestamps: false, write: (line) => lines.push(line) }]);
  const path = join(dir, 'two-serves', 'local.stats.json.gz');
  const first = new HistoryStore({ path });
  (await first.open()).append('first', 1_000, t0, 1);
  await first.save();
  const second = new HistoryStore({ path });
  const seen = await second.open();
  expect(seen.window('first', t0, t0 + 1, t0 + 1)).not.toBeNull();
  seen.append('second', 1_000, t0, 2);
  await second.dispose();
  expect(await savedSeries(path)).toEqual(['first']);
  expect(lines.join('\n')).toContain(`the history ${path} is written by another CacheScope (pid ${process.pid})`);

  await first.dispose();
  // The writer is gone: the next one to open the history writes it.
  const third = new HistoryStore({ path });
  (await third.open()).append('third', 1_000, t0, 3);
  expect(third.isWriter).toBe(true);
  await third.dispose();
  expect(await savedSeries(path)).toEqual(['first', 'third']);
});
