import { expect, test } from 'vitest';
import { classifyConnectionError } from '../../../electron/main/core/connections/classifyError';

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

test('connection refused names the service and target', () => {
  const err = classifyConnectionError('redis', 'redis://127.0.0.1:1', errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'));
  expect(err.code).toBe('CONNECTION_REFUSED');
  expect(err.message).toBe('Redis at redis://127.0.0.1:1: connection refused (connect ECONNREFUSED 127.0.0.1:1)');
});

test('unknown hosts, bad credentials and missing databases get their own codes', () => {
  expect(classifyConnectionError('kafka', 'x:9092', errno('ENOTFOUND', 'getaddrinfo ENOTFOUND x')).code).toBe('HOST_NOT_FOUND');
  expect(classifyConnectionError('postgres', 'db', errno('28P01', 'password authentication failed for user "a"')).code).toBe('AUTH_FAILED');
  expect(classifyConnectionError('redis', 'r', new Error('WRONGPASS invalid username-password pair')).code).toBe('AUTH_FAILED');
  expect(classifyConnectionError('postgres', 'db', errno('3D000', 'database "x" does not exist')).code).toBe('NOT_FOUND');
});

test('the innermost cause of a wrapped error is the one reported', () => {
  const inner = errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9099');
  const outer = Object.assign(new Error('Number of retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: inner });
  const err = classifyConnectionError('kafka', '127.0.0.1:9099', outer);
  expect(err.code).toBe('CONNECTION_REFUSED');
  expect(err.message).toContain('connect ECONNREFUSED 127.0.0.1:9099');
});

test('a driver message quoting its connection string or a password assignment is scrubbed', () => {
  const err = new Error('connect to postgres://app:hunter2@db:5432/shop failed (password=hunter2)');
  const classified = classifyConnectionError('postgres', 'postgres://db:5432/shop', err);
  expect(classified.message).not.toContain('hunter2');
  expect(classified.message).toContain('postgres://db:5432/shop');
});
