import { readFile, unlink, writeFile } from 'node:fs/promises';
import { privateFileMode } from './privateFiles';

export interface PidLock {
  readonly path: string;
  /** Removes the lock file, unless another process has taken it over since. */
  release(): Promise<void>;
}

export type LockAttempt = { acquired: true; lock: PidLock } | { acquired: false; heldBy: number };

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderOf(path: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function createExclusive(path: string): Promise<boolean> {
  try {
    await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: privateFileMode });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * A lock file holding the owner's process id, for files one process at a time may write
 * (a profile's history). A lock whose process is gone (a crash, a kill -9) is stale and taken
 * over; one held by a live process, this one included, is not. The folder must exist.
 */
export async function acquirePidLock(path: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<LockAttempt> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path)) {
      return {
        acquired: true,
        lock: {
          path,
          release: async () => {
            if ((await holderOf(path)) === process.pid) await unlink(path).catch(() => undefined);
          },
        },
      };
    }
    const holder = await holderOf(path);
    if (holder !== null && isAlive(holder)) return { acquired: false, heldBy: holder };
    // Stale, or naming no process: removed before we try again. A file that vanished
    // meanwhile is fine; one we cannot remove is an error for the caller.
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
  throw new Error(`cannot take the lock ${path}: other processes keep replacing it`);
}
