import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { ProfileSchema, type Profile } from '../../../../shared/profile';
import { isReadableByOthers } from '../files/privateFiles';

export const localProfileDefaults = {
  redisUrl: 'redis://127.0.0.1:6379',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  kafkaBrokers: '127.0.0.1:9092',
} as const;

/** The "local" profile: from REDIS_URL, DATABASE_URL and KAFKA_BROKERS, or the defaults. */
export function localProfile(env: NodeJS.ProcessEnv): Profile {
  const brokers = (env.KAFKA_BROKERS ?? localProfileDefaults.kafkaBrokers)
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const parsed = ProfileSchema.safeParse({
    id: 'local',
    name: 'Local',
    redis: { url: env.REDIS_URL ?? localProfileDefaults.redisUrl },
    postgres: { url: env.DATABASE_URL ?? localProfileDefaults.databaseUrl },
    kafka: { brokers },
  });
  if (!parsed.success) {
    throw new AppError(
      'INVALID_INPUT',
      `the local profile from REDIS_URL, DATABASE_URL and KAFKA_BROKERS is invalid: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

const ProfilesFileSchema = z.object({ profiles: z.array(ProfileSchema) });

export function profilesFilePath(userDataDir: string, env: NodeJS.ProcessEnv): string {
  return env.CACHESCOPE_PROFILES ?? join(userDataDir, 'profiles.json');
}

/**
 * The local profile followed by those of the profiles file, if there is one. A file
 * that exists but is broken is an error naming the file and the field: silently
 * dropping a profile would connect the user to the wrong place.
 */
export async function loadProfiles(file: string, env: NodeJS.ProcessEnv): Promise<Profile[]> {
  const local = localProfile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [local];
    throw new AppError('INVALID_INPUT', `cannot read the profiles file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('INVALID_INPUT', `the profiles file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ProfilesFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('INVALID_INPUT', `the profiles file ${file} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  const profiles = [local, ...parsed.data.profiles.filter((p) => p.id !== 'local')];
  const fileLocal = parsed.data.profiles.find((p) => p.id === 'local');
  if (fileLocal) profiles[0] = fileLocal;
  const seen = new Set<string>();
  for (const profile of profiles) {
    if (seen.has(profile.id)) {
      throw new AppError('INVALID_INPUT', `the profiles file ${file} has two profiles with id "${profile.id}"`);
    }
    seen.add(profile.id);
  }
  return profiles;
}

/**
 * What is wrong with the profiles file short of being unreadable: it holds passwords, so a
 * file the group or others can read is named, with the fix. No file, no warning.
 */
export async function profilesFileWarnings(file: string, platform = process.platform): Promise<string[]> {
  const mode = await stat(file).then(
    (s) => s.mode,
    () => null,
  );
  if (mode === null || !isReadableByOthers(mode, platform)) return [];
  return [`the profiles file ${file} can be read by other users of this computer and may hold passwords: run chmod 600 ${file}`];
}
