import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { instanceDir, logFile, repoRoot } from '../../../scripts/services/paths';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface ScriptRun {
  code: number | null;
  output: string;
}

/**
 * Runs one of the repository's tsx scripts as `npm run` would, with `env` on top of ours (an
 * undefined value removes the variable), and returns its exit code and output. `whileRunning`
 * is called with the pid until the script exits.
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  whileRunning?: (pid: number) => Promise<void>,
): Promise<ScriptRun> {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const child = spawn(process.execPath, [tsx, join(repoRoot, script), ...args], { cwd: repoRoot, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));
  const watching = (async () => {
    while (running && whileRunning && child.pid !== undefined) {
      await whileRunning(child.pid);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return Promise.all([exited, watching]).then(([code]) => ({ code, output }));
}

/** Random ports would otherwise leave a folder per run in .services/. */
export async function removeInstances(ports: Record<string, number>): Promise<void> {
  const paths = Object.entries(ports).flatMap(([service, port]) => [instanceDir(service, port), logFile(service, port), `${instanceDir(service, port)}.lock`]);
  await Promise.all(paths.map((path) => rm(path, { recursive: true, force: true })));
}

/** The pid and every descendant of it, from /proc (Linux). */
async function processTree(root: number): Promise<Set<number>> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // The command name is in parentheses and may hold spaces: the ppid is the second field after it.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid > 0) parents.set(pid, ppid);
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** The remote ports of the TCP connections that `root` and its descendants hold right now (`ss`, Linux). */
export async function remotePortsOfTree(root: number): Promise<Set<number>> {
  const [tree, sockets] = await Promise.all([
    processTree(root),
    new Promise<string>((resolve, reject) => execFile('ss', ['-tnpH'], (error, stdout) => (error ? reject(error) : resolve(stdout)))),
  ]);
  const ports = new Set<number>();
  for (const row of sockets.split('\n')) {
    const columns = row.trim().split(/\s+/);
    const peer = columns[4];
    const pids = [...row.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    if (peer && pids.some((pid) => tree.has(pid))) ports.add(Number(peer.slice(peer.lastIndexOf(':') + 1)));
  }
  return ports;
}
