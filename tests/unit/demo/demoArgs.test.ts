import { describe, expect, test } from 'vitest';
import { defaultConventions } from '../../../demo/config';
import { parseFlusherArgs } from '../../../demo/flusher/flusherArgs';
import { parseSlowMs } from '../../../demo/flusher/slowdown';
import { parseWorkloadArgs } from '../../../demo/workload/workloadArgs';
import { endpointsFromEnv, endpointsToEnv } from '../../../demo/config';
import { findServeUrl, parseRunArgs } from '../../../demo/runArgs';

describe('flusher arguments', () => {
  test('default to the write-behind conventions (docs/write-behind-conventions.md)', () => {
    const args = parseFlusherArgs([]);
    expect(args).toMatchObject({
      topic: 'cache.writes',
      group: 'cache-flusher',
      dlqTopic: 'cache.writes.dlq',
      controlTopic: 'cache.writes.control',
      slowMs: 0,
      slowKey: 'demo:flusher:slow-ms',
      ensureSetup: true,
    });
    expect(args.topic).toBe(defaultConventions.queueTopic);
  });

  test('flags and DEMO_FLUSHER_SLOW_MS', () => {
    expect(parseFlusherArgs(['--slow-ms', '250', '--batch-size', '10', '--no-setup'])).toMatchObject({ slowMs: 250, maxBatchSize: 10, ensureSetup: false });
    expect(parseFlusherArgs([], { DEMO_FLUSHER_SLOW_MS: '75' }).slowMs).toBe(75);
    expect(parseFlusherArgs(['--slow-ms', '5'], { DEMO_FLUSHER_SLOW_MS: '75' }).slowMs).toBe(5);
  });

  test('bad values are refused with the flag name', () => {
    expect(() => parseFlusherArgs(['--slow-ms', 'fast'])).toThrow(/--slow-ms/);
    expect(() => parseFlusherArgs(['--batch-size', '0'])).toThrow(/--batch-size/);
    expect(() => parseFlusherArgs(['--bogus'])).toThrow();
  });
});

describe('workload arguments', () => {
  test('defaults and flags', () => {
    expect(parseWorkloadArgs([])).toMatchObject({ readsPerSecond: 500, writesPerSecond: 50, keyCount: 1000, topic: 'cache.writes', seed: true });
    expect(parseWorkloadArgs(['--reads', '10', '--zipf', '0', '--stampede-every', '0', '--no-seed'])).toMatchObject({
      readsPerSecond: 10,
      zipfExponent: 0,
      stampedeEverySeconds: 0,
      seed: false,
    });
  });

  test('rates must make sense', () => {
    expect(() => parseWorkloadArgs(['--poison-rate', '2'])).toThrow(/--poison-rate/);
    expect(() => parseWorkloadArgs(['--poison-rate', '0.6', '--delete-rate', '0.6'])).toThrow(/exceed 1/);
    expect(() => parseWorkloadArgs(['--keys', '0'])).toThrow(/--keys/);
  });
});

describe('runtime slowdown value', () => {
  test('a number overrides, anything else does not', () => {
    expect(parseSlowMs('1500')).toBe(1500);
    expect(parseSlowMs('0')).toBe(0);
    expect(parseSlowMs(null)).toBeUndefined();
    expect(parseSlowMs('')).toBeUndefined();
    expect(parseSlowMs('-3')).toBeUndefined();
    expect(parseSlowMs('soon')).toBeUndefined();
  });
});

describe('endpoints in the environment', () => {
  test('round-trip through the variables children receive', () => {
    const endpoints = { redisUrl: 'redis://h:1', databaseUrl: 'postgres://u@h:2/d', kafkaBrokers: ['a:1', 'b:2'] };
    expect(endpointsFromEnv(endpointsToEnv(endpoints))).toEqual(endpoints);
    expect(endpointsFromEnv({}).kafkaBrokers).toEqual(['127.0.0.1:9092']);
  });
});

describe('demo runner arguments', () => {
  test('own flags are taken, the rest goes to the workload', () => {
    expect(parseRunArgs(['--serve', '--reads', '2000', '--flushers', '2', '--slow-ms', '500', '--zipf', '0.8'])).toEqual({
      serve: true,
      app: true,
      flushers: 2,
      slowMs: 500,
      durationSeconds: 0,
      workloadArgs: ['--reads', '2000', '--zipf', '0.8'],
      help: false,
    });
    expect(parseRunArgs(['--no-app', '--duration', '60'])).toMatchObject({ app: false, durationSeconds: 60 });
    expect(() => parseRunArgs(['--flushers', '0'])).toThrow(/--flushers/);
    expect(() => parseRunArgs(['--slow-ms'])).toThrow(/--slow-ms/);
  });

  test('the serve URL is found in serve mode output', () => {
    expect(findServeUrl('  http://127.0.0.1:4780/?token=abc123')).toBe('http://127.0.0.1:4780/?token=abc123');
    expect(findServeUrl('CacheScope is serving on 127.0.0.1:4780. Open:')).toBeUndefined();
  });
});
