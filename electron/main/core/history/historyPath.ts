import { join } from 'node:path';

/**
 * Where a profile's stats history is saved, or null to keep it in memory. The CLI keeps it
 * in memory: a `stats --watch` next to the app must not overwrite the app's file. The
 * desktop app and serve mode share the file (the same Redis has the same past); the
 * HistoryStore's lock lets one process at a time write it.
 */
export function statsHistoryPath(userDataDir: string, frontEnd: 'desktop' | 'serve' | 'cli', profileId: string): string | null {
  return frontEnd === 'cli' ? null : join(userDataDir, 'history', `${profileId}.stats.json.gz`);
}
