import { expect, test } from 'vitest';
import { useCliOnThrowawayRedis } from '../support/cliOnThrowawayRedis';

const cachescope = useCliOnThrowawayRedis();

test('keys get --json prints the documented shape', async () => {
  await cachescope.redis.set('product:42', JSON.stringify({ id: 42, name: 'widget' }), 'EX', 600);
  const { code, stdout } = await cachescope.run(['keys', 'get', 'product:42', '--json']);
  expect(code).toBe(0);
  const detail = JSON.parse(stdout);
  expect(Object.keys(detail).slice(0, 8)).toEqual(['key', 'type', 'ttlMs', 'expiresAt', 'memory', 'encoding', 'preview', 'truncated']);
  expect(detail).toMatchObject({ key: 'product:42', keyHex: Buffer.from('product:42').toString('hex'), type: 'string', encoding: 'embstr', truncated: false });
  expect(detail.ttlMs).toBeGreaterThan(0);
  expect(detail.ttlMs).toBeLessThanOrEqual(600_000);
  expect(Date.parse(detail.expiresAt)).toBeGreaterThan(Date.now());
  expect(detail.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(detail.memory).toBeGreaterThan(0);
  expect(detail.preview).toEqual({ kind: 'string', value: { format: 'json', text: '{\n  "id": 42,\n  "name": "widget"\n}', bytes: 25, truncated: false } });
});

test('a name that is not UTF-8 prints escaped, and its keyHex opens it again with --hex', async () => {
  const name = Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0xff, 0x5c, 0x0a]);
  await cachescope.redis.rpush(name, 'a', 'b');
  const hex = name.toString('hex');
  const byHex = await cachescope.run(['keys', 'get', hex, '--hex', '--json']);
  expect(byHex.code).toBe(0);
  const detail = JSON.parse(byHex.stdout);
  expect(detail).toMatchObject({ key: 'bin:\\xff\\\\\\x0a', keyHex: hex, type: 'list', ttlMs: null, expiresAt: null, length: 2 });
  const again = JSON.parse((await cachescope.run(['keys', 'get', detail.keyHex.toUpperCase(), '--hex', '--json'])).stdout);
  expect(again.keyHex).toBe(hex);

  const text = await cachescope.run(['keys', 'get', hex, '--hex']);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('key     bin:\\xff\\\\\\x0a\n');
  expect(text.stdout).toMatch(/^type {4}list \((quicklist|listpack)\)$/m);
  expect(text.stdout).toContain('ttl     no TTL');
  expect(text.stdout).toMatch(/preview:\n0 {2}a\n1 {2}b\n$/);
});

test('a missing key exits 1 naming the key', async () => {
  const missing = await cachescope.run(['keys', 'get', 'nope:1', '--json']);
  expect(missing.code).toBe(1);
  expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: 'no key "nope:1"', details: expect.anything() } });
  expect(missing.stderr).toContain('no key "nope:1"');
});

// Each run starts a CLI process; on a busy machine three of them take a while.
test('bad usage exits 2: hex that is not hex, no key, an unknown subcommand', async () => {
  expect((await cachescope.run(['keys', 'get', 'zz', '--hex'])).code).toBe(2);
  expect((await cachescope.run(['keys', 'get'])).code).toBe(2);
  expect((await cachescope.run(['keys', 'frobnicate'])).code).toBe(2);
}, 180_000);
