import { expect, inject, test } from 'vitest';
import { RedisConnection } from '../../../electron/main/core/connections/redisConnection';
import { RedisProfileSchema } from '../../../shared/profile';
import { expectNoLeaks } from '../support/leaks';
import { freePort } from '../support/throwawayRedis';

const endpoints = inject('endpoints');

test('many first callers during the connect all get a ready client', async () => {
  await expectNoLeaks(async () => {
    const connection = new RedisConnection(RedisProfileSchema.parse({ url: endpoints.redisUrl }));
    // A health probe, a stats snapshot, a sampler: all asking before the first connect is done.
    const replies = await Promise.all(
      Array.from({ length: 12 }, async () => (await connection.getClient()).ping()),
    );
    expect(replies).toEqual(Array(12).fill('PONG'));
    await connection.dispose();
  });
});

test('many first callers to a dead server all get the reason, not a half-open client', async () => {
  const connection = new RedisConnection(RedisProfileSchema.parse({ url: `redis://127.0.0.1:${await freePort()}` }));
  const results = await Promise.allSettled(Array.from({ length: 6 }, () => connection.getClient()));
  await connection.dispose();
  for (const result of results) {
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'CONNECTION_REFUSED' });
  }
});
