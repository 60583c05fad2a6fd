import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, delimiter, dirname, join } from 'node:path';
import { waitUntil } from './wait';

/** The first executable called `name` in PATH, then in `extraDirs`. */
export async function findExecutable(name: string, extraDirs: string[] = []): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
  }
  return undefined;
}

/** Like findExecutable, but a missing binary is an error that says how to install it. */
export async function requireExecutable(name: string, installHint: string, extraDirs: string[] = []): Promise<string> {
  const path = await findExecutable(name, extraDirs);
  if (!path) throw new Error(`${name} not found: install it (${installHint})`);
  return path;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a command to completion and returns its stdout; a failure carries the tail of its output. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const output = lastLines(`${stdout}\n${stderr}`, 20) || error.message;
        reject(new Error(`${basename(cmd)} ${args.join(' ')} failed:\n${output}`));
      },
    );
  });
}

export function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

export interface DetachedOptions {
  cwd: string;
  logFile: string;
  pidFile: string;
}

/**
 * Starts a long-running server that outlives this process: its own process group, output to a
 * fresh log file rather than pipes (which would die with us), and a pidfile so `down` finds it.
 */
export async function spawnDetached(cmd: string, args: string[], opts: DetachedOptions): Promise<number> {
  const log = await open(opts.logFile, 'w');
  try {
    const child = spawn(cmd, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', log.fd, log.fd] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    const pid = child.pid as number; // set once 'spawn' fired
    await writeFile(opts.pidFile, `${pid}\n`);
    return pid;
  } finally {
    await log.close();
  }
}

export async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return pid > 0 ? pid : undefined;
}

/**
 * The pid in a pidfile if that process is alive and its command line contains `marker`:
 * after a crash or a reboot a pidfile may name an unrelated process, which we must never signal.
 */
export async function livePid(pidFile: string, marker: string): Promise<number | undefined> {
  const pid = await readPid(pidFile);
  if (pid === undefined) return undefined;
  const command = await commandLine(pid);
  return command?.includes(marker) ? pid : undefined;
}

async function commandLine(pid: number): Promise<string | undefined> {
  if (process.platform === 'linux') {
    // A zombie has an empty cmdline, so it counts as gone too.
    return readFile(`/proc/${pid}/cmdline`, 'utf8').then((raw) => raw.replaceAll('\0', ' '), () => undefined);
  }
  return run('ps', ['-o', 'command=', '-p', String(pid)]).catch(() => undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM for a clean shutdown, SIGKILL if it is still there after `graceMs`. */
export async function terminate(pid: number, graceMs: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const gone = async () => !isAlive(pid);
  try {
    await waitUntil(gone, { timeoutMs: graceMs, intervalMs: 200 });
  } catch {
    signal(pid, 'SIGKILL');
    await waitUntil(gone, { timeoutMs: 5_000, intervalMs: 100 });
  }
}

/** Sends a signal; false when the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * Runs `fn` while holding a lock file, so that two processes (a CLI and a test run, or two
 * vitest projects) never start the same service twice. A lock whose holder died is taken over.
 */
export async function withLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(lockFile), { recursive: true });
  const acquire = async () => {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readPid(lockFile);
      if (holder !== undefined && !isAlive(holder)) await rm(lockFile, { force: true });
      return false;
    }
  };
  await waitUntil(acquire, {
    timeoutMs: 15 * 60_000, // long enough for a holder that is downloading the Kafka jars
    intervalMs: 250,
    timeoutMessage: `timed out waiting for ${lockFile}: delete it if no other services script is running`,
  });
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}
