import { expect, test } from 'vitest';
import { countersFromInfo, levelsFromInfo, parseInfo } from '../../../electron/main/core/analysis/redisInfo';
import { infoReply } from './infoFixture';

test('counters and levels come from one multi-section reply, CRLF and headers ignored', () => {
  const info = parseInfo(infoReply());
  expect(countersFromInfo(info)).toEqual({
    hits: 700,
    misses: 300,
    commands: 10_000,
    evictedKeys: 5,
    expiredKeys: 30,
    connectionsReceived: 40,
    instantaneousOpsPerSec: 250,
  });
  expect(levelsFromInfo(info)).toEqual({
    usedMemory: 1_048_576,
    usedMemoryRss: 2_097_152,
    maxMemory: 4_194_304,
    maxMemoryPolicy: 'allkeys-lru',
    fragmentationRatio: 2,
    connectedClients: 12,
    blockedClients: 1,
    keyspace: [
      { db: 0, keys: 120, expires: 100 },
      { db: 3, keys: 5, expires: 0 },
    ],
  });
});

test('a reply without the stats section is an error, not zeros', () => {
  expect(() => countersFromInfo(parseInfo('# Memory\r\nused_memory:1\r\n'))).toThrow(/keyspace_hits/);
});

test('values may contain colons', () => {
  expect(parseInfo('executable:/usr/bin/redis-server\r\nconfig_file:C:\\redis.conf\r\n').get('config_file')).toBe('C:\\redis.conf');
});
