import { join } from 'node:path';

type FrontEnd = 'desktop' | 'serve' | 'cli';

/**
 * Where a profile's stats history is saved. The desktop app and serve mode share the file
 * (the same Redis has the same past); the store's lock lets one process at a time write it.
 */
export function statsHistoryPath(userDataDir: string, profileId: string): string {
  return join(userDataDir, 'history', `${profileId}.stats.json.gz`);
}

/** Where a profile's timeline (events, notes) is saved, beside its history. */
export function timelinePath(userDataDir: string, profileId: string): string {
  return join(userDataDir, 'history', `${profileId}.timeline.json.gz`);
}

/**
 * The CLI reads what the app saved (its `timeline` and `export` answer from it) but never writes
 * it: a `stats --watch` next to the app must not overwrite the app's minutes.
 */
export function historyIsReadOnly(frontEnd: FrontEnd): boolean {
  return frontEnd === 'cli';
}
