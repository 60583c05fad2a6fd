import { describe, expect, test } from 'vitest';
import { endpointSpecs, kafkaControllerPort, resolveEndpoint } from '../../../scripts/services/userEndpoint';

const { redis, postgres, kafka } = endpointSpecs;

describe('resolveEndpoint', () => {
  test('without a URL: the default port, or the port variable', () => {
    expect(resolveEndpoint(redis, {})).toEqual({ name: 'redis', urlVar: 'REDIS_URL', port: 6379 });
    expect(resolveEndpoint(postgres, { PG_PORT: '5441' }).port).toBe(5441);
    expect(resolveEndpoint(kafka, { KAFKA_BROKERS: '' }).port).toBe(9092);
  });

  test("a local URL decides the port, and is kept as the user wrote it", () => {
    const url = 'redis://:pw@127.0.0.1:6391/2';
    expect(resolveEndpoint(redis, { REDIS_URL: url })).toEqual({ name: 'redis', urlVar: 'REDIS_URL', port: 6391, userUrl: url });
    expect(resolveEndpoint(redis, { REDIS_URL: 'redis://localhost' }).port).toBe(6379);
    expect(resolveEndpoint(redis, { REDIS_URL: 'redis://[::1]:6392' }).port).toBe(6392);
    expect(resolveEndpoint(postgres, { DATABASE_URL: 'postgresql://postgres@localhost:5441/app' }).port).toBe(5441);
    expect(resolveEndpoint(kafka, { KAFKA_BROKERS: ' 127.0.0.1:9095 ' }).port).toBe(9095);
  });

  test('a port variable that disagrees with the URL is an error naming both', () => {
    expect(() => resolveEndpoint(redis, { REDIS_URL: 'redis://127.0.0.1:6391', REDIS_PORT: '6392' })).toThrow(
      'REDIS_URL=redis://127.0.0.1:6391 says port 6391 but REDIS_PORT=6392',
    );
    expect(resolveEndpoint(redis, { REDIS_URL: 'redis://127.0.0.1:6391', REDIS_PORT: '6391' }).port).toBe(6391);
  });

  test('another machine is kept, with the error to give when it does not answer, password hidden', () => {
    const resolved = resolveEndpoint(postgres, { DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/shop' });
    expect(resolved.userUrl).toBe('postgres://app:s3cret@db.internal:5432/shop');
    expect(resolved.remote).toContain('DATABASE_URL=postgres://db.internal:5432/shop does not answer');
    expect(resolved.remote).toContain('db.internal is not this machine');
    expect(resolved.remote).not.toContain('s3cret');
  });

  test('several Kafka brokers cannot be started here; an IPv6 broker neither', () => {
    expect(resolveEndpoint(kafka, { KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9094' }).remote).toContain('a local kafka is a single broker');
    expect(resolveEndpoint(redis, { REDIS_URL: 'redis://[::1]:6392' }).remote).toBeUndefined();
    expect(resolveEndpoint(kafka, { KAFKA_BROKERS: '[::1]:9095' }).remote).toContain('::1 is not this machine');
  });

  test('an unusable URL is an error naming it, password hidden', () => {
    expect(() => resolveEndpoint(redis, { REDIS_URL: 'http://u:pw@127.0.0.1:6391' })).toThrow(
      'REDIS_URL=http://127.0.0.1:6391 is unusable: a local redis is started only for redis:// URLs',
    );
    expect(() => resolveEndpoint(postgres, { DATABASE_URL: 'not a url' })).toThrow('DATABASE_URL=(unreadable address) is unusable: not a URL');
    expect(() => resolveEndpoint(kafka, { KAFKA_BROKERS: '127.0.0.1' })).toThrow('KAFKA_BROKERS=127.0.0.1 is unusable: no port');
    expect(() => resolveEndpoint(kafka, { KAFKA_BROKERS: ' , ' })).toThrow('is unusable: no broker');
    expect(() => resolveEndpoint(redis, { REDIS_PORT: '70000' })).toThrow('REDIS_PORT=70000 is not a TCP port');
  });
});

test("Kafka's controller listens beside its broker unless told", () => {
  expect(kafkaControllerPort(9092, {})).toBe(9093);
  expect(kafkaControllerPort(9095, { KAFKA_CONTROLLER_PORT: '9300' })).toBe(9300);
});
