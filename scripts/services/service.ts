import { readFile } from 'node:fs/promises';
import { redactUrl } from '../../electron/main/core/analysis/redactUrl';
import { host, prepareInstance } from './paths';
import { lastLines, withLock } from './proc';
import type { ServiceEndpoint, ServiceName } from './userEndpoint';
import { portOpen, duration, waitUntil } from './wait';

export type { ServiceName } from './userEndpoint';
export type Log = (line: string) => void;

/** One local service instance, as the shared ensure/stop/status logic sees it. */
export interface LocalService {
  readonly name: ServiceName;
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

/** A service as the environment resolved it, and the local instance that serves it if it is local. */
export interface ServiceTarget {
  endpoint: ServiceEndpoint;
  svc: LocalService;
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

/**
 * The endpoint to use: the user's as it is when it answers, else a local instance started on its
 * port. A user's endpoint on another machine that does not answer is an error: using some other
 * server instead would show (and write to) the wrong data.
 */
export async function ensureService({ endpoint, svc }: ServiceTarget, log: Log): Promise<string> {
  const { userUrl, urlVar } = endpoint;
  if (!userUrl) return withLock(lockFile(svc), () => ensureLocal(svc, log));
  if (await svc.answers(userUrl)) {
    log(line(svc.name, 'ok', redactUrl(userUrl), `from ${urlVar}`));
    return userUrl;
  }
  if (endpoint.remote) throw new Error(endpoint.remote);
  await withLock(lockFile(svc), () => ensureLocal(svc, log));
  if (!(await svc.answers(userUrl))) {
    throw new Error(`${urlVar}=${redactUrl(userUrl)} does not answer although a ${svc.name} now runs on ${host}:${svc.port}: check the user, password and database it names`);
  }
  return userUrl;
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

/** Stops the instance on the endpoint's port if we started it; anything else is left alone. */
export async function stopService({ endpoint, svc }: ServiceTarget, log: Log): Promise<void> {
  const url = redactUrl(endpoint.userUrl ?? svc.url);
  if (endpoint.remote) {
    log(line(svc.name, '-', url, `${endpoint.urlVar} is not on this machine, left alone`));
    return;
  }
  await withLock(lockFile(svc), async () => {
    const pid = await svc.pid();
    if (pid === undefined) {
      const note = (await svc.answers(svc.url)) ? 'not started by us, left alone' : 'not running';
      log(line(svc.name, '-', url, note));
      return;
    }
    await svc.stop(pid);
    log(line(svc.name, 'stopped', url, `pid ${pid}`));
  });
}

/** The state of the endpoint the user gave, else of the local instance; never of another port's. */
export async function statusOf({ endpoint, svc }: ServiceTarget): Promise<ServiceStatus> {
  const url = endpoint.userUrl ?? svc.url;
  const [answering, pid] = await Promise.all([svc.answers(url), endpoint.remote ? undefined : svc.pid()]);
  return { name: svc.name, url, answering, pid, ...(endpoint.userUrl ? { fromEnv: endpoint.urlVar } : {}) };
}

export function describeStatus(status: ServiceStatus): string {
  const { name, answering, pid, fromEnv } = status;
  const url = redactUrl(status.url);
  const origin = fromEnv ? [`from ${fromEnv}`] : [];
  if (answering) return line(name, 'ok', url, [...origin, pid ? `started by us, pid ${pid}` : 'not started by us'].join(', '));
  if (pid) return line(name, 'no answer', url, [...origin, `pid ${pid}, starting or hung`].join(', '));
  return line(name, 'down', url, origin.join(', '));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Beside the instance folder, so that `down` on a never-started port creates no folder. */
function lockFile(svc: LocalService): string {
  return `${svc.dir}.lock`;
}
