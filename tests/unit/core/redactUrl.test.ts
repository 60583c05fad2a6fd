import { expect, test } from 'vitest';
import { redactUrl } from '../../../electron/main/core/analysis/redactUrl';
import { profileSecrets, scrubErrorsIn, scrubSecrets } from '../../../electron/main/core/analysis/scrubSecrets';
import { ProfileSchema } from '../../../shared/profile';

// Each row: a hostile connection string, what may be shown, and the secret that must not be.
const hostile: Array<[string, string, string]> = [
  ['redis://:s3cret@cache:6379', 'redis://cache:6379', 's3cret'],
  ['redis://:pa/ss@cache:6379', 'redis://cache:6379', 'pa/ss'],
  ['redis://:pa#ss@cache:6379', 'redis://cache:6379', 'pa#ss'],
  ['redis://:pa?ss@cache:6379', 'redis://cache:6379', 'pa?ss'],
  ['redis://:p/a#s@cache:6379/2', 'redis://cache:6379/2', 'p/a#s'],
  // A password holding `?name=` cannot be told from a query: nothing is shown rather than a piece of it.
  ['redis://:p?s=1@cache:6379/2', 'redis://(unreadable address)', 'p?s=1'],
  ['rediss://user:p@ss@h', 'rediss://h', 'p@ss'],
  ['redis://h:6379/0?password=x9secret', 'redis://h:6379/0', 'x9secret'],
  ['postgres://app:pw123@db:5432/shop', 'postgres://db:5432/shop', 'pw123'],
  ['postgres://app@db/app?password=hunter2', 'postgres://db/app', 'hunter2'],
  ['postgres://app@db/app?sslmode=require&sslpassword=keypass', 'postgres://db/app', 'keypass'],
  ['postgres://app:123#456@db', 'postgres://db', '123#456'],
  ['postgres://h/db?password=se@cret', 'postgres://h/db', 'se@cret'],
  ['postgres://u:p4ss@[::1]:5432/db', 'postgres://[::1]:5432/db', 'p4ss'],
  ['POSTGRESQL://u:p4ss@Db.Example.com:5432/db', 'postgresql://Db.Example.com:5432/db', 'p4ss'],
  ['SASL_SSL://alice:kafka-pw@broker:9093', 'sasl_ssl://broker:9093', 'kafka-pw'],
  ['alice:kafka-pw@b1:9092,b2:9092', 'b1:9092,b2:9092', 'kafka-pw'],
  ['redis://:only-a-password@', 'redis://(unreadable address)', 'only-a-password'],
  ['redis://:white space@h', 'redis://h', 'white space'],
];

test.each(hostile)('redactUrl(%s) keeps only scheme, host, port and database', (raw, shown, secret) => {
  const redacted = redactUrl(raw);
  expect(redacted).toBe(shown);
  expect(redacted).not.toContain(secret);
});

test('plain targets and broker lists are left as they are', () => {
  expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  expect(redactUrl('postgres://127.0.0.1:5432/postgres')).toBe('postgres://127.0.0.1:5432/postgres');
  expect(redactUrl('a:9092,b:9092')).toBe('a:9092,b:9092');
  expect(redactUrl('127.0.0.1:9092')).toBe('127.0.0.1:9092');
});

test.each(['::::', '', '   ', 'not a url at all', 'user:pw@', '@@@', '\u0000\uffff'])(
  'garbage %j gives a placeholder, never the input',
  (raw) => {
    expect(redactUrl(raw)).toBe('(unreadable address)');
  },
);

test('scrubSecrets cuts connection strings inside a message and masks password assignments', () => {
  const message = 'could not connect to postgres://app:hunter2@db:5432/shop (password=hunter2; sslpassword: "k p")';
  const scrubbed = scrubSecrets(message);
  expect(scrubbed).toBe('could not connect to postgres://db:5432/shop (password=***; sslpassword: ***)');
});

test('scrubSecrets leaves clean messages as they are, punctuation around URLs included', () => {
  for (const message of [
    'Redis at redis://127.0.0.1:6379: connection refused (connect ECONNREFUSED 127.0.0.1:6379)',
    'PostgreSQL URL "postgres://db:5432/app" is not a URL (expected postgres://host:port/database)',
    'tried redis://a:1, redis://b:2; then gave up.',
  ]) {
    expect(scrubSecrets(message)).toBe(message);
  }
});

test('scrubSecrets replaces every known secret, raw and URL-encoded', () => {
  expect(scrubSecrets('auth p@ss/1 failed, tried p%40ss%2F1', ['p@ss/1', 'p%40ss%2F1'])).toBe('auth *** failed, tried ***');
});

test('profileSecrets finds the passwords of every service, in their spellings', () => {
  const profile = ProfileSchema.parse({
    id: 'p',
    name: 'P',
    redis: { url: 'redis://:r%40dis@h:6379', password: 'standalone-pw' },
    postgres: { url: 'postgres://app:pg#pw@db/app?sslpassword=ssl-pw' },
    kafka: { brokers: ['b:9092'], sasl: { mechanism: 'plain', username: 'u', password: 'sasl-pw' } },
  });
  const secrets = profileSecrets(profile);
  for (const secret of ['standalone-pw', 'sasl-pw', 'r%40dis', 'r@dis', 'pg#pw', 'ssl-pw']) expect(secrets).toContain(secret);
});

test('scrubErrorsIn scrubs errors nested in a value and leaves other data alone', () => {
  const report = {
    target: 'postgres://db/app',
    data: ['hunter2 is a key name, left alone'],
    redis: { error: { code: 'AUTH_FAILED', message: 'WRONGPASS hunter2', details: { said: ['hunter2'] } } },
  };
  const scrubbed = scrubErrorsIn(report, ['hunter2']);
  expect(scrubbed.redis.error).toEqual({ code: 'AUTH_FAILED', message: 'WRONGPASS ***', details: { said: ['***'] } });
  expect(scrubbed.data).toBe(report.data);
  expect(report.redis.error.message).toBe('WRONGPASS hunter2');
  const clean = { a: [1, 2, 3], b: { c: 'x' } };
  expect(scrubErrorsIn(clean, ['hunter2'])).toBe(clean);
});
