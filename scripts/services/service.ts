import { readFile } from 'node:fs/promises';
import { redactUrl } from '../../electron/main/core/analysis/redactUrl';
import { host, prepareInstance } from './paths';
import { lastLines, withLock } from './proc';
import { portOpen, duration, waitUntil } from './wait';

export type ServiceName = 'redis' | 'postgres' | 'kafka';
export type Log = (line: string) => void;

/** One local service instance, as the shared ensure/stop/status logic sees it. */
export interface LocalService {
  readonly name: ServiceName;
  /** The variable through which the user points us at a server of their own. */
  readonly envVar: string;
  readonly port: number;
  /** The endpoint of the local instance: a URL, or host:port for Kafka. */
  readonly url: string;
  /** The instance folder (data, pidfile, config), per port. */
  readonly dir: string;
  readonly logFile: string;
  readonly readyTimeoutMs: number;
  answers(url: string): Promise<boolean>;
  /** The pid of the instance started from `dir`, if it is running. */
  pid(): Promise<number | undefined>;
  /** Launches the instance; the caller waits for it to answer. */
  start(log: Log): Promise<void>;
  stop(pid: number): Promise<void>;
}

export interface ServiceStatus {
  name: ServiceName;
  url: string;
  answering: boolean;
  /** Set when the instance is one we started. */
  pid?: number;
  /** Set when the endpoint came from the user's environment. */
  fromEnv?: string;
}

/** One aligned output line: `redis     ok  redis://127.0.0.1:6379 (already running)`. */
export function line(name: string, state: string, url: string, note?: string): string {
  return `${name.padEnd(10)}${state}  ${url}${note ? ` (${note})` : ''}`;
}

/** The endpoint to use: the user's if it answers, else the local instance, started if needed. */
export async function ensureService(svc: LocalService, log: Log): Promise<string> {
  const override = process.env[svc.envVar];
  if (override) {
    if (await svc.answers(override)) {
      log(line(svc.name, 'ok', redactUrl(override), `from ${svc.envVar}`));
      return override;
    }
    log(line(svc.name, 'note', redactUrl(override), `${svc.envVar} does not answer, using a local ${svc.name}`));
  }
  return withLock(lockFile(svc), () => ensureLocal(svc, log));
}

async function ensureLocal(svc: LocalService, log: Log): Promise<string> {
  if (await svc.answers(svc.url)) {
    log(line(svc.name, 'ok', svc.url, 'already running'));
    return svc.url;
  }
  const startedAt = Date.now();
  // An instance of ours that runs but does not answer yet is still starting: wait for it.
  const launching = (await svc.pid()) === undefined;
  if (launching && (await portOpen(svc.port))) {
    throw new Error(`${svc.name}: port ${svc.port} is taken by a program that does not answer as ${svc.name}`);
  }
  try {
    if (launching) {
      await prepareInstance(svc.dir, svc.logFile);
      await svc.start(log);
    }
    await waitReady(svc);
  } catch (error) {
    throw await startFailure(svc, error);
  }
  log(line(svc.name, `${launching ? 'started' : 'ready'} in ${duration(Date.now() - startedAt)}`, svc.url));
  return svc.url;
}

function waitReady(svc: LocalService): Promise<void> {
  let seenAlive = false;
  return waitUntil(() => svc.answers(svc.url), {
    timeoutMs: svc.readyTimeoutMs,
    giveUpIf: async () => {
      const alive = (await svc.pid()) !== undefined;
      // A daemonizing server writes its pidfile a moment after launch: only a process seen alive can have died.
      seenAlive ||= alive;
      return seenAlive && !alive ? 'the process exited' : undefined;
    },
  });
}

/** The error to show: which service, which port, why, and where its log is. */
async function startFailure(svc: LocalService, error: unknown): Promise<Error> {
  const lines = [`${svc.name} could not start on ${host}:${svc.port}: ${errorMessage(error)}`];
  const log = await readFile(svc.logFile, 'utf8').catch(() => '');
  if (log.trim()) {
    lines.push(`  read ${svc.logFile}`);
    const tail = lastLines(log, 15);
    if (tail) lines.push('  last lines:', ...tail.split('\n').map((l) => `    ${l}`));
  }
  return new Error(lines.join('\n'));
}

/** Stops the instance if we started it; anything else on the port is left alone. */
export async function stopService(svc: LocalService, log: Log): Promise<void> {
  await withLock(lockFile(svc), async () => {
    const pid = await svc.pid();
    if (pid === undefined) {
      const note = (await svc.answers(svc.url)) ? 'not started by us, left alone' : 'not running';
      log(line(svc.name, '-', svc.url, note));
      return;
    }
    await svc.stop(pid);
    log(line(svc.name, 'stopped', svc.url, `pid ${pid}`));
  });
}

export async function statusOf(svc: LocalService): Promise<ServiceStatus> {
  const override = process.env[svc.envVar];
  if (override && (await svc.answers(override))) {
    return { name: svc.name, url: override, answering: true, fromEnv: svc.envVar };
  }
  const [answering, pid] = await Promise.all([svc.answers(svc.url), svc.pid()]);
  return { name: svc.name, url: svc.url, answering, pid };
}

export function describeStatus(status: ServiceStatus): string {
  const { name, url, answering, pid, fromEnv } = status;
  if (fromEnv) return line(name, 'ok', redactUrl(url), `from ${fromEnv}`);
  if (answering) return line(name, 'ok', url, pid ? `started by us, pid ${pid}` : 'not started by us');
  return pid ? line(name, 'no answer', url, `pid ${pid}, starting or hung`) : line(name, 'down', url);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Beside the instance folder, so that `down` on a never-started port creates no folder. */
function lockFile(svc: LocalService): string {
  return `${svc.dir}.lock`;
}
