import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { freePort } from '../support/throwawayRedis';
import { endpointsToEnv } from '../../../demo/config';
import { runCli } from '../support/runCli';

const root = join(import.meta.dirname, '..', '..', '..');
const endpoints = inject('endpoints');

function cli(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { CACHESCOPE_HOME: join(root, '.artifacts', 'cli-home'), ...endpointsToEnv(endpoints), ...env });
}

test('health --json reports all three ok and exits 0', async () => {
  const { code, stdout } = await cli(['health', '--json']);
  expect(code).toBe(0);
  const report = JSON.parse(stdout);
  expect(Object.keys(report)).toEqual(['redis', 'postgres', 'kafka']);
  for (const name of ['redis', 'postgres', 'kafka']) {
    expect(report[name]).toMatchObject({ ok: true, error: null });
    expect(report[name].version).toMatch(/^\d+\.\d+/);
  }
});

test('a service that does not answer gives a non-zero exit and the reason', async () => {
  const port = await freePort();
  const { code, stdout, stderr } = await cli(['health', '--json'], { REDIS_URL: `redis://127.0.0.1:${port}` });
  expect(code).toBe(1);
  expect(JSON.parse(stdout).redis).toMatchObject({ ok: false, error: { code: 'CONNECTION_REFUSED' } });
  expect(stderr).toContain('redis not healthy');
});

test('usage errors exit 2 and print the usage', async () => {
  const { code, stderr } = await cli(['frobnicate']);
  expect(code).toBe(2);
  expect(stderr).toContain('unknown verb "frobnicate"');
  expect(stderr).toContain('usage: cachescope');
});

test('an unknown profile is an error naming the known ones', async () => {
  const { code, stderr } = await cli(['health', '--profile', 'nope']);
  expect(code).toBe(3);
  expect(stderr).toContain('no profile "nope" (known: local)');
});

test.skipIf(process.platform === 'win32')('a profiles file others can read is named on stderr with the fix; the log is private', async () => {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-cli-perms-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const file = join(home, 'profiles.json');
  writeFileSync(file, JSON.stringify({ profiles: [] }));
  chmodSync(file, 0o644);
  const loose = await cli(['health', '--json'], { CACHESCOPE_HOME: home });
  expect(loose.code).toBe(0);
  expect(loose.stderr).toContain(`the profiles file ${file} can be read by other users`);
  expect(loose.stderr).toContain(`chmod 600 ${file}`);
  JSON.parse(loose.stdout);

  const log = join(home, 'logs', 'cachescope.log');
  expect(existsSync(log)).toBe(true);
  expect(statSync(log).mode & 0o777).toBe(0o600);
  expect(statSync(join(home, 'logs')).mode & 0o777).toBe(0o700);

  chmodSync(file, 0o600);
  const tight = await cli(['health', '--json'], { CACHESCOPE_HOME: home });
  expect(tight.stderr).not.toContain('chmod');
});
