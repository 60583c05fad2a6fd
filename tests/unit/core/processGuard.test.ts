import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'cachescope-guard-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

test('a process with the guard logs an uncaught exception and an unhandled rejection, and keeps running', () => {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'unexpectedErrors.ts'), home],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  expect(child.stdout).toBe('still running');
  const log = readFileSync(join(home, 'logs', 'cachescope.log'), 'utf8');
  expect(log).toMatch(/ERROR unexpected error in the event loop\n {2}Error: thrown in a timer/);
  expect(log).toMatch(/ERROR unexpected error in a promise nobody awaited\n {2}Error: rejected and never awaited/);
  // stderr shows the same errors, without the time.
  expect(child.stderr).toContain('cachescope: ERROR unexpected error in the event loop');
}, 60_000);
