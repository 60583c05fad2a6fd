import { appendFileSync, chmodSync, mkdirSync } from 'node:fs';
import { appendFile, chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Files that hold secrets or history (history, logs, audit records) are the user's alone:
 * 0600 in a 0700 folder, whatever the umask. On Windows the modes are ignored and the
 * user-data folder's ACL applies.
 */
export const privateFileMode = 0o600;
export const privateDirMode = 0o700;

/** Creates the folder (and its parents) if needed, and makes the folder itself 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: privateDirMode });
  // mkdir leaves an existing folder's mode alone, and the umask trims a new one.
  await chmod(dir, privateDirMode);
}

export function ensurePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  chmodSync(dir, privateDirMode);
}

/** Writes a whole file, 0600 even if it existed with looser bits. */
export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(path, data, { mode: privateFileMode });
  await chmod(path, privateFileMode);
}

/** Appends one line, creating the folder 0700 and the file 0600 (a file made under another umask is tightened too). */
export async function appendPrivateLine(path: string, line: string): Promise<void> {
  await ensurePrivateDir(dirname(path));
  await appendFile(path, `${line}\n`, { mode: privateFileMode });
  await chmod(path, privateFileMode);
}

/** Appends to a file, creating it 0600. */
export function appendPrivateFileSync(path: string, data: string): void {
  appendFileSync(path, data, { mode: privateFileMode });
}

/** Whether a file's mode lets the group or others read it (always false on Windows). */
export function isReadableByOthers(mode: number, platform = process.platform): boolean {
  return platform !== 'win32' && (mode & 0o044) !== 0;
}
