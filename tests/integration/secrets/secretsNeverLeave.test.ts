import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startServe } from '../../e2e/support/serveProcess';
import { openTextClient } from '../../fuzz/support/wsClient';
import { freePort } from '../support/throwawayRedis';
import { runCli } from '../support/runCli';

/**
 * Distinctive passwords in REDIS_URL, DATABASE_URL and a SASL profile, every connection broken
 * (wrong port, wrong password, SASL against a plaintext broker); then every output CacheScope
 * produces is searched for them: CLI stdout and stderr, serve mode's frames and console, and
 * every file it leaves in the user-data folder.
 */

const endpoints = inject('endpoints');

// Characters that break URL parsing (`#`, `/`, `?`, `@`) in some of them, on purpose.
const secrets = {
  redisUrl: 'RedisLeak#9/x',
  redisField: 'RedisFieldLeak5',
  postgresUser: 'PgLeak7@q',
  postgresQuery: 'PgQueryLeak8',
  postgresSsl: 'PgSslLeak9',
  sasl: 'SaslLeak6',
};
const spellings = Object.values(secrets).flatMap((s) => [s, encodeURIComponent(s)]);

let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'cachescope-secrets-'));
  const [redisPort, postgresPort] = [await freePort(), await freePort()];
  const profilesFile = join(home, 'profiles.json');
  writeFileSync(
    profilesFile,
    JSON.stringify({
      profiles: [
        {
          id: 'sasl',
          name: 'SASL',
          redis: { url: `redis://127.0.0.1:${redisPort}`, password: secrets.redisField },
          postgres: { url: `postgres://app:${encodeURIComponent(secrets.postgresUser)}@127.0.0.1:${postgresPort}/app` },
          kafka: { brokers: endpoints.kafkaBrokers, sasl: { mechanism: 'plain', username: 'app', password: secrets.sasl } },
        },
      ],
    }),
  );
  env = {
    CACHESCOPE_HOME: home,
    CACHESCOPE_PROFILES: profilesFile,
    REDIS_URL: `redis://:${secrets.redisUrl}@127.0.0.1:${redisPort}`,
    DATABASE_URL: `postgres://app:${secrets.postgresUser}@127.0.0.1:${postgresPort}/app?password=${secrets.postgresQuery}&sslpassword=${secrets.postgresSsl}`,
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
  };
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

function expectNoSecret(where: string, text: string): void {
  for (const secret of spellings) expect(text.includes(secret), `${where} contains "${secret}":\n${text.slice(0, 2000)}`).toBe(false);
}

function cli(args: string[]) {
  return runCli(args, env);
}

describe.each(['local', 'sasl'])('the CLI on the %s profile', (profile) => {
  test.each(['health --json', 'health', 'stats --json', 'lag --json', 'keys compare product:1 --json', 'timeline --json'])('%s says nothing secret, on stdout or stderr', async (command) => {
    const args = [...command.split(' '), '--profile', profile];
    const { stdout, stderr } = await cli(args);
    expect(`${stdout}${stderr}`.length).toBeGreaterThan(0);
    expectNoSecret(`cachescope ${args.join(' ')} stdout`, stdout);
    expectNoSecret(`cachescope ${args.join(' ')} stderr`, stderr);
  });
});

test('serve mode: no secret in any frame, its console, or any file of the user-data folder', async () => {
  const serve = await startServe({ ...env, CACHESCOPE_HOME: home }, 'tests/fuzz/support/serveEntry.ts');
  try {
    const token = new URL(serve.url).searchParams.get('token')!;
    const client = await openTextClient(serve.origin, token);
    const calls: Array<[string, unknown]> = [
      ['health.check', { fresh: true }],
      ['profiles.list', {}],
      ['stats.watch', {}],
      ['stats.snapshot', { fresh: true }],
      ['writeBehind.lag', { fresh: true }],
      ['keys.compare', { hex: '70726f647563743a31' }],
      ['profiles.select', { id: 'sasl' }],
      ['health.check', { fresh: true }],
      ['stats.snapshot', { fresh: true }],
      ['writeBehind.lag', { fresh: true }],
      ['writeBehind.flush', { ackTimeoutMs: 1_000, waitForDrain: false }],
      ['keys.compare', { hex: '70726f647563743a31' }],
    ];
    for (const [i, [method, input]] of calls.entries()) {
      await client.request(i + 1, JSON.stringify({ kind: 'invoke', id: i + 1, method, input }));
    }
    // Let the samplers and the health monitor push a few events with their errors.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    client.close();
    const frames = JSON.stringify(client.frames);
    expect(frames).toContain('"ok":false');
    expectNoSecret('serve frames', frames);
  } finally {
    await serve.stop().catch(() => undefined);
    expectNoSecret('serve console', serve.output());
  }
});

test('no file in the user-data folder holds a secret (profiles file aside)', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  const written = files(home).filter((path) => !path.endsWith('profiles.json'));
  for (const path of written) {
    const bytes = readFileSync(path);
    expectNoSecret(path, (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  }
});
