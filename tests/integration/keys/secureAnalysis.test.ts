import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { makeTlsCertificates } from '../support/tlsCertificates';
import { analysisOf, keysHome, node, runAnalysis } from './support';

/**
 * The analysis reads keys on connections of its own (core/connections/respConnection.ts), not
 * through ioredis: they must speak TLS, log in as the profile's ACL user, and fail in words
 * when the server refuses them or goes away.
 */
let certificates: ReturnType<typeof makeTlsCertificates>;
let server: ThrowawayRedis;
let port: number;
const password = 'analyst-s3cret-pw';

function profileFor(username: string) {
  return { redis: { url: `rediss://localhost:${port}`, username, password, tls: { ca: certificates.caPem, rejectUnauthorized: true } } };
}

function admin(): Redis {
  return new Redis({ host: 'localhost', port, username: 'analyst', password, tls: { ca: certificates.caPem } });
}

beforeAll(async () => {
  certificates = makeTlsCertificates();
  port = await freePort();
  server = new ThrowawayRedis(port, [
    ...certificates.redisArgs(port),
    '--enable-debug-command', 'yes',
    '--user', 'default', 'off',
    '--user', 'analyst', 'on', `>${password}`, '~*', '&*', '+@all',
    '--user', 'nomemory', 'on', `>${password}`, '~*', '&*', '+@all', '-memory', '-client',
  ]);
  await server.start();
  const redis = admin();
  try {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 300; i++) pipeline.set(`order:${i}`, 'v', 'PX', 3_600_000);
    for (let i = 0; i < 40; i++) pipeline.hset(`session:${i}`, 'user', String(i));
    await pipeline.exec();
  } finally {
    redis.disconnect();
  }
}, 60_000);

afterAll(async () => {
  await server?.kill();
  certificates?.remove();
});

describe('the keys analysis on a TLS server with ACL users', () => {
  test('reads every key over TLS as the profile user', async () => {
    const home = keysHome({ profile: profileFor('analyst') });
    const core = await home.core();
    try {
      const analysis = analysisOf(await runAnalysis(core));
      expect(analysis.scanned).toBe(340);
      expect(node(analysis, 'order')).toMatchObject({ keys: 300, noTtl: 0 });
      expect(node(analysis, 'session')).toMatchObject({ keys: 40, noTtl: 40 });
    } finally {
      await core.dispose();
      home.remove();
    }
  });

  test('a user not allowed MEMORY USAGE (nor CLIENT, which only names the connection) fails the job with the server’s reason, not the password', async () => {
    const home = keysHome({ profile: profileFor('nomemory') });
    const core = await home.core();
    try {
      const job = await runAnalysis(core);
      expect(job.state).toBe('failed');
      expect(job.error?.message).toMatch(/refused MEMORY USAGE during the keys analysis: NOPERM/);
      expect(JSON.stringify(job)).not.toContain(password);
    } finally {
      await core.dispose();
      home.remove();
    }
  });

  test('a server that goes away mid-analysis fails the job naming it, and nothing is kept', async () => {
    const redis = admin();
    await redis.select(2);
    await redis.call('DEBUG', 'POPULATE', '20000', 'pop');
    redis.disconnect();
    const home = keysHome({ profile: profileFor('analyst') });
    // A pause after each batch makes the scan outlast the first progress report.
    const core = await home.core({ keysScanPace: { scanCount: 50, batchKeys: 25, inFlight: 1, idleRatio: 10 } });
    try {
      const job = await runAnalysis(core, { db: 2 }, (progress) => {
        if (progress.done > 0) void server.kill();
      });
      expect(job.state).toBe('failed');
      expect(job.error?.message).toMatch(new RegExp(`localhost:${port}`));
      expect((await core.invoke('keys.analysis', {})).analysis).toBeNull();
    } finally {
      await core.dispose();
      home.remove();
      await server.start();
    }
  });
});
