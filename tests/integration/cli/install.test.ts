/**
 * The package as an ops engineer gets it: `npm run build`, `npm pack`, `npm install -g` into an
 * empty prefix (runtime dependencies from the registry, no dev dependencies), then the
 * installed `cachescope` against the test's services. A new verb adds its smoke line below.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { endpointsToEnv } from '../../../demo/config';
import { buildPackInstall, type InstalledPackage } from '../../../scripts/installPackage';
import { startServe } from '../../e2e/support/serveProcess';
import { usePipeline } from '../demo/support';
import { runCommand } from '../support/runCommand';
import { conventionsOf, profilesFile } from '../writeBehind/support';
import packageJson from '../../../package.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..', '..');
const endpoints = inject('endpoints');
const work = mkdtempSync(join(tmpdir(), 'cachescope-install-'));
const pipeline = usePipeline('install', 1);
/** Keys no other test writes: the smoke lines that delete delete nothing of anyone else's. */
const smokeKeys = `install-smoke-${process.pid}:`;
let installed: InstalledPackage;
let profiles: ReturnType<typeof profilesFile>;

beforeAll(async () => {
  installed = await buildPackInstall(root, work);
  // A group with a committed offset on the pipeline's queue, so `lag` has something to judge.
  await pipeline.admin.setOffsets({ groupId: pipeline.names.group, topic: pipeline.names.topic, partitions: [{ partition: 0, offset: '0' }] });
  profiles = profilesFile(conventionsOf(pipeline.names));
}, 900_000);

afterAll(() => {
  profiles?.dispose();
  rmSync(work, { recursive: true, force: true });
});

/** The installed command, in an empty folder, on the test's services and own user-data folder. */
const cli = (args: string[]) =>
  runCommand(installed.bin, args, { cwd: work, env: { ...process.env, CACHESCOPE_HOME: profiles.home, ...endpointsToEnv(endpoints) } });

test('the tarball holds the command, the built CLI and renderer, and nothing else', () => {
  const paths = installed.tarball.files.map((f) => f.path);
  expect(paths).toContain('bin/cachescope.mjs');
  expect(paths).toContain('out/cli/cachescope.js');
  expect(paths).toContain('out/renderer/index.html');
  expect(paths.filter((p) => !/^(bin\/|out\/cli\/|out\/renderer\/|package\.json$|README\.md$|LICENSE$)/.test(p))).toEqual([]);
  // The renderer (ECharts) is most of it; sources, tests and maps are not in it.
  expect(installed.tarball.size).toBeLessThan(3 << 20);
});

test('the install has the runtime dependencies only: no tsx, no Electron', () => {
  for (const name of ['ioredis', 'pg', 'kafkajs', 'ws', 'sirv', 'zod']) expect(existsSync(join(installed.dir, 'node_modules', name)), name).toBe(true);
  for (const name of ['tsx', 'electron', 'vite', 'typescript']) expect(existsSync(join(installed.dir, 'node_modules', name)), name).toBe(false);
});

test('--version, --help and completion answer from the registry', async () => {
  expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
  expect((await cli(['--help'])).stdout).toContain('usage: cachescope <verb> [options]');
  expect(await cli(['lag', '--frob'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option "--frob" for lag') });
  expect((await cli(['completion', 'bash'])).stdout).toContain('complete -F _cachescope cachescope');
});

describe('verbs against the services', () => {
  // One line per verb: its arguments and what its --json answer must hold.
  const smoke: [string, string[], (json: Record<string, unknown>) => void][] = [
    ['health', ['health', '--json'], (json) => expect(Object.keys(json)).toEqual(['redis', 'postgres', 'kafka'])],
    ['stats', ['stats', '--json'], (json) => expect(json).toMatchObject({ mastersUp: 1, mastersTotal: 1 })],
    ['lag', ['lag', '--json', '--profile', 'wb'], (json) => expect(json).toMatchObject({ groups: [{ status: 'OK', totalLag: 0 }], issues: [] })],
    ['keys analyze', ['keys', 'analyze', '--match', `${smokeKeys}*`, '--json'], (json) => expect(json).toMatchObject({ complete: true })],
    [
      'keys compare',
      ['keys', 'compare', `${smokeKeys}missing`, '--json'],
      (json) => expect(json).toMatchObject({ verdict: 'unmapped', cache: null, database: null, differences: [], pendingWrites: [], deadLetters: 0 }),
    ],
    [
      'invalidate --dry-run',
      ['invalidate', '--pattern', `${smokeKeys}*`, '--dry-run', '--json'],
      (json) => expect(json).toEqual({ matched: 0, memory: 0, sample: [], pendingWrites: 0 }),
    ],
    ['invalidate --yes', ['invalidate', '--pattern', `${smokeKeys}*`, '--yes', '--json'], (json) => expect(json).toMatchObject({ matched: 0, deleted: 0 })],
    ['replay --dry-run', ['replay', '--dry-run', '--json', '--profile', 'wb'], (json) => expect(json).toEqual({ matched: 0, wouldReplay: 0, superseded: 0, byTopic: {} })],
    // After the invalidation above: its audit record is the newest.
    ['audit', ['audit', '--count', '1', '--json'], (json) => expect(json).toMatchObject({ records: [{ outcome: expect.any(String) }], file: expect.stringMatching(/audit\.jsonl$/) })],
    // The same invalidation, on the timeline (read from the audit log).
    [
      'timeline',
      ['timeline', '--since', '1h', '--kind', 'action', '--json'],
      (json) => expect(json).toMatchObject({ profileId: 'local', events: expect.arrayContaining([expect.objectContaining({ kind: 'action', title: 'Keys invalidated' })]), truncated: false }),
    ],
    [
      'export',
      ['export', '--since', '1h', '--out', 'incident.html', '--json'],
      (json) => expect(json).toMatchObject({ file: join(work, 'incident.html'), auditRecords: expect.any(Number), events: expect.any(Number) }),
    ],
  ];

  test.each(smoke)('%s', async (_name, args, check) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code, stderr).toBe(0);
    check(JSON.parse(stdout));
  });

  test('keys get answers exit 1 and NOT_FOUND for a key that does not exist', async () => {
    const { code, stdout } = await cli(['keys', 'get', `${smokeKeys}missing`, '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  test('stats --watch --json prints newline-delimited JSON', async () => {
    const { code, stdout } = await cli(['stats', '--watch', '--json', '--count', '2']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line).mastersUp)).toEqual([1, 1]);
  });

  test('serve answers with the page', async () => {
    const serve = await startServe({ ...endpointsToEnv(endpoints) }, installed.bin);
    try {
      // The token in the URL becomes a cookie on the way to the clean URL.
      const entry = await fetch(serve.url, { redirect: 'manual' });
      expect(entry.status).toBe(303);
      const cookie = entry.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(new URL(entry.headers.get('location')!, serve.origin), { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>CacheScope</title>');
    } finally {
      await serve.stop();
    }
  });
});
