import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory of the caller. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The one folder (git-ignored) that holds every local service's data, logs and pidfiles. */
export const servicesRoot = join(repoRoot, '.services');

/** Everything is served on loopback only. */
export const host = '127.0.0.1';

/**
 * Where one instance keeps its state. Named by port so that runs on other ports
 * (parallel checkouts, tests of the start path) never share data or pidfiles.
 */
export function instanceDir(service: string, port: number): string {
  return join(servicesRoot, `${service}-${port}`);
}

/** The log file of one instance, all in one folder so there is a single place to look. */
export function logFile(service: string, port: number): string {
  return join(servicesRoot, 'logs', `${service}-${port}.log`);
}

/** Creates the instance and log folders and empties the log, so that it tells about this start only. */
export async function prepareInstance(dir: string, log: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await mkdir(dirname(log), { recursive: true });
  await writeFile(log, '');
}
