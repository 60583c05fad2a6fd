import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Core } from '../../../electron/main/core/core';
import { acquirePidLock } from '../../../electron/main/core/files/pidLock';
import { isReadableByOthers } from '../../../electron/main/core/files/privateFiles';
import { saveHistoryFile } from '../../../electron/main/core/history/historyFile';
import { profilesFileWarnings } from '../../../electron/main/core/profiles/loadProfiles';

const dir = mkdtempSync(join(tmpdir(), 'cachescope-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The id of a process that has just exited: no process has it for a while. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe.skipIf(process.platform === 'win32')('private files', () => {
  test('a history file is 0600 in a 0700 folder, whatever the umask', async () => {
    const previous = process.umask(0o002);
    try {
      const path = join(dir, 'userData', 'history', 'local.stats.json.gz');
      await saveHistoryFile(path, [], Date.now());
      expect(modeOf(path)).toBe(0o600);
      expect(modeOf(join(dir, 'userData', 'history'))).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  test('a history folder and file left loose by an older version are tightened on the next save', async () => {
    const folder = join(dir, 'loose', 'history');
    mkdirSync(folder, { recursive: true, mode: 0o755 });
    const path = join(folder, 'local.stats.json.gz');
    writeFileSync(path, 'old', { mode: 0o644 });
    chmodSync(folder, 0o755);
    await saveHistoryFile(path, [], Date.now());
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(folder)).toBe(0o700);
  });

  test('a profiles file the group or others can read is named, with the fix', async () => {
    const file = join(dir, 'profiles.json');
    writeFileSync(file, '{"profiles":[]}', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(await profilesFileWarnings(file)).toEqual([
      `the profiles file ${file} can be read by other users of this computer and may hold passwords: run chmod 600 ${file}`,
    ]);
    chmodSync(file, 0o640);
    expect(await profilesFileWarnings(file)).toHaveLength(1);
    chmodSync(file, 0o600);
    expect(await profilesFileWarnings(file)).toEqual([]);
    expect(await profilesFileWarnings(join(dir, 'absent.json'))).toEqual([]);
  });

  test('profiles.list carries the warning, for the UI to show', async () => {
    const home = join(dir, 'ui-home');
    mkdirSync(home);
    writeFileSync(join(home, 'profiles.json'), '{"profiles":[]}');
    chmodSync(join(home, 'profiles.json'), 0o604);
    const core = await Core.create({ frontEnd: 'serve', env: { CACHESCOPE_HOME: home } });
    const list = await core.invoke('profiles.list', {});
    await core.dispose();
    expect(list.warnings).toEqual([expect.stringContaining(`chmod 600 ${join(home, 'profiles.json')}`)]);
  });
});

test('on Windows, modes say nothing about who can read a file', () => {
  expect(isReadableByOthers(0o644, 'linux')).toBe(true);
  expect(isReadableByOthers(0o600, 'linux')).toBe(false);
  expect(isReadableByOthers(0o666, 'win32')).toBe(false);
});

describe('pid lock', () => {
  test('the first taker holds it; a second, even in the same process, does not; release frees it', async () => {
    const path = join(dir, 'a.lock');
    const first = await acquirePidLock(path);
    expect(first.acquired).toBe(true);
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    expect(await acquirePidLock(path)).toEqual({ acquired: false, heldBy: process.pid });
    if (first.acquired) await first.lock.release();
    const again = await acquirePidLock(path);
    expect(again.acquired).toBe(true);
    if (again.acquired) await again.lock.release();
  });

  test('a lock left by a process that is gone is taken over', async () => {
    const path = join(dir, 'stale.lock');
    writeFileSync(path, `${deadPid()}\n`);
    const attempt = await acquirePidLock(path);
    expect(attempt.acquired).toBe(true);
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    if (attempt.acquired) await attempt.lock.release();
  });

  test('a lock naming no process (empty, garbage) is stale too', async () => {
    const path = join(dir, 'garbage.lock');
    writeFileSync(path, 'not a pid');
    const attempt = await acquirePidLock(path);
    expect(attempt.acquired).toBe(true);
    if (attempt.acquired) await attempt.lock.release();
  });

  test('releasing does not remove a lock another process took over meanwhile', async () => {
    const path = join(dir, 'taken.lock');
    const attempt = await acquirePidLock(path);
    writeFileSync(path, '999999999\n');
    if (attempt.acquired) await attempt.lock.release();
    expect(readFileSync(path, 'utf8').trim()).toBe('999999999');
  });
});
