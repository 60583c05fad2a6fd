import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadHistoryFile, saveHistoryFile } from '../../../electron/main/core/history/historyFile';
import { HistoryStore } from '../../../electron/main/core/history/historyStore';
import { MetricsHistory } from '../../../electron/main/core/history/metricsHistory';
import { windowPoints } from '../../../electron/main/core/history/seriesPoints';

const dir = mkdtempSync(join(tmpdir(), 'cachescope-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t0 = 1_764_000_000_000;

test('a saved history reads back identical, gaps included', async () => {
  const history = new MetricsHistory();
  history.append('opsPerSec', 1_000, t0, 10);
  history.append('opsPerSec', 1_000, t0 + 1_000, null);
  history.append('opsPerSec', 1_000, t0 + 3_000, 30);
  history.append('usedMemory', 10_000, t0, 1_000_000);
  const path = join(dir, 'nested', 'local.stats.json.gz');
  await saveHistoryFile(path, history.stored(), t0);
  const restored = new MetricsHistory(await loadHistoryFile(path, () => undefined));
  const now = t0 + 3_000;
  expect(windowPoints(restored.window('opsPerSec', t0, now, now)!)).toEqual([
    [t0, 10],
    [t0 + 1_000, null],
    [t0 + 3_000, 30],
  ]);
  expect(windowPoints(restored.window('usedMemory', t0, now, now)!)).toEqual([[t0, 1_000_000]]);
});

test('a missing file is an empty history; a broken one is reported and ignored', async () => {
  const warnings: string[] = [];
  expect(await loadHistoryFile(join(dir, 'absent.json.gz'), (m) => warnings.push(m))).toEqual([]);
  expect(warnings).toEqual([]);
  const broken = join(dir, 'broken.json.gz');
  writeFileSync(broken, 'not gzip');
  expect(await loadHistoryFile(broken, (m) => warnings.push(m))).toEqual([]);
  expect(warnings[0]).toMatch(/ignoring the unreadable history .*broken\.json\.gz/);
});

test('the store saves on dispose and the next store sees the past', async () => {
  const path = join(dir, 'store.json.gz');
  const first = new HistoryStore({ path });
  (await first.open()).append('keys', 10_000, t0, 42);
  await first.dispose();
  const second = new HistoryStore({ path });
  const history = await second.open();
  expect(windowPoints(history.window('keys', t0, t0 + 1, t0 + 1)!)).toEqual([[t0, 42]]);
  await second.dispose();
});

test('an in-memory store never touches the disk', async () => {
  const store = new HistoryStore({ path: null });
  (await store.open()).append('keys', 10_000, t0, 1);
  await store.dispose();
});
