import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeysAnalysisSchema, type KeysAnalysis } from '../../../../shared/contracts/keysAnalysis';

/**
 * Where a profile's last keyspace analysis is kept, or null to keep it in memory: the CLI
 * prints its analysis and leaves the app's file alone.
 */
export function keysAnalysisPath(userDataDir: string, frontEnd: 'desktop' | 'serve' | 'cli', profileId: string): string | null {
  return frontEnd === 'cli' ? null : join(userDataDir, 'keys', `${profileId}.analysis.json`);
}

/** The kept analysis; a missing file is none, an unreadable one is reported and ignored. */
export async function loadKeysAnalysis(path: string, warn: (message: string) => void): Promise<KeysAnalysis | null> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read the keys analysis ${path}: ${(err as Error).message}`);
    return null;
  }
  const parsed = KeysAnalysisSchema.safeParse((() => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  })());
  if (!parsed.success) {
    warn(`ignoring the unreadable keys analysis ${path}`);
    return null;
  }
  return parsed.data;
}

/**
 * Writes atomically, readable by the user only: key names can be confidential (e-mail
 * addresses, tokens), and the file is created 0600 before anything is in it.
 */
export async function saveKeysAnalysis(path: string, analysis: KeysAnalysis): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(analysis), { mode: 0o600 });
  await rename(temporary, path);
}
