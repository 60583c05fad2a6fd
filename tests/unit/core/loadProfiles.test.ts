import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { loadProfiles, localProfile } from '../../../electron/main/core/profiles/loadProfiles';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cachescope-profiles-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the local profile has documented defaults', () => {
  const profile = localProfile({});
  expect(profile.redis.url).toBe('redis://127.0.0.1:6379');
  expect(profile.postgres.url).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  expect(profile.kafka.brokers).toEqual(['127.0.0.1:9092']);
  expect(profile.writeBehind.queueTopic).toBe('cache.writes');
  expect(profile.writeBehind.persistenceSlaMs).toBe(5000);
});

test('the local profile follows REDIS_URL, DATABASE_URL and KAFKA_BROKERS', () => {
  const profile = localProfile({ REDIS_URL: 'redis://cache:6380', DATABASE_URL: 'postgres://a@db/x', KAFKA_BROKERS: 'k1:9092, k2:9092' });
  expect(profile.redis.url).toBe('redis://cache:6380');
  expect(profile.postgres.url).toBe('postgres://a@db/x');
  expect(profile.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
});

test('a malformed KAFKA_BROKERS is an error that names the variable', () => {
  expect(() => localProfile({ KAFKA_BROKERS: 'no-port' })).toThrow(/KAFKA_BROKERS/);
});

test('no profiles file means just the local profile', async () => {
  const profiles = await loadProfiles(join(dir, 'missing.json'), {});
  expect(profiles.map((p) => p.id)).toEqual(['local']);
});

test('profiles from the file follow the local one, with defaults filled in', async () => {
  const file = join(dir, 'profiles.json');
  await writeFile(
    file,
    JSON.stringify({
      profiles: [
        { id: 'staging', name: 'Staging', redis: { mode: 'cluster', clusterNodes: ['10.0.0.1:7000'] }, kafka: { brokers: ['k:9092'], sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } } },
      ],
    }),
  );
  const profiles = await loadProfiles(file, {});
  expect(profiles.map((p) => p.id)).toEqual(['local', 'staging']);
  expect(profiles[1]!.redis.mode).toBe('cluster');
  expect(profiles[1]!.writeBehind.flusherGroup).toBe('cache-flusher');
});

test('a broken profiles file is an error naming the file and the field', async () => {
  const file = join(dir, 'profiles.json');
  await writeFile(file, JSON.stringify({ profiles: [{ id: 'x', name: 'X', kafka: { brokers: ['nope'] } }] }));
  await expect(loadProfiles(file, {})).rejects.toThrow(new RegExp(`${file}.*[\\s\\S]*brokers`));
  await writeFile(file, '{ not json');
  await expect(loadProfiles(file, {})).rejects.toThrow(/not valid JSON/);
});

test('duplicate profile ids are refused', async () => {
  const file = join(dir, 'profiles.json');
  await writeFile(file, JSON.stringify({ profiles: [{ id: 'a', name: 'A' }, { id: 'a', name: 'B' }] }));
  await expect(loadProfiles(file, {})).rejects.toThrow(/two profiles with id "a"/);
});
