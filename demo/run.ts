/**
 * `npm run demo`: everything needed to watch CacheScope work, in one command.
 *
 *   1. Redis, Postgres and Kafka (ensureServices: REDIS_URL, DATABASE_URL and KAFKA_BROKERS as
 *      given, started on their ports when local and silent; else local ones on the default ports)
 *   2. the demo topics and tables
 *   3. the flusher(s) and the load generator, as child processes
 *   4. the dashboard: the Electron app, or with --serve the browser UI
 *
 * Ctrl-C or SIGTERM stops it all in order: the app, then the workload (no new writes), then
 * the flushers, which flush and commit their last batch before exiting.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { redactUrl } from '../electron/main/core/analysis/redactUrl';
import { ensureServices } from '../scripts/services/index';
import { ManagedChild, findExecutable, nodeScript } from './childProcess';
import { defaultConventions, defaultDemoSchema, endpointsToEnv, type DemoEndpoints } from './config';
import { createKafka } from './kafkaClient';
import { findServeUrl, parseRunArgs, runUsage, type RunArgs } from './runArgs';
import { ensureDemoSchema, ensureDemoTopics } from './schema';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[demo] ${line}`);

async function prepare(endpoints: DemoEndpoints): Promise<void> {
  const admin = createKafka(endpoints.kafkaBrokers, 'cachescope-demo-setup').admin();
  const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 1 });
  try {
    await admin.connect();
    await ensureDemoTopics(admin, defaultConventions);
    await ensureDemoSchema(pool, defaultDemoSchema);
  } finally {
    await admin.disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

function openInBrowser(url: string): void {
  const opener = findExecutable(process.platform === 'darwin' ? ['open'] : ['xdg-open', 'open']);
  if (!opener) return;
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/** Serve mode serves the built renderer; build it once if it is missing. */
async function ensureRendererBuilt(env: NodeJS.ProcessEnv): Promise<void> {
  if (existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) return;
  log('building the dashboard once (npx electron-vite build)…');
  const build = new ManagedChild('build', { command: 'npx', args: ['electron-vite', 'build'], cwd: repoRoot, env, inheritOutput: true });
  const { code } = await build.exited;
  if (code !== 0) throw new Error(`npx electron-vite build failed (exit ${code})`);
}

function startApp(args: RunArgs, env: NodeJS.ProcessEnv): ManagedChild {
  if (!args.serve) {
    log('starting the Electron app (npx electron-vite preview)');
    return new ManagedChild('app', { command: 'npx', args: ['electron-vite', 'preview'], cwd: repoRoot, env, inheritOutput: true });
  }
  let opened = false;
  // The CLI's serve verb from the sources, as `npm run cli -- serve` runs it.
  const serve = nodeScript('electron/main/cli/main.ts', ['serve']);
  return new ManagedChild('serve', {
    ...serve,
    cwd: repoRoot,
    env,
    onLine: (line) => {
      console.log(line);
      const url = findServeUrl(line);
      if (url && !opened) {
        opened = true;
        openInBrowser(url);
      }
    },
  });
}

/** One run of the demo: owns the child processes and stops them in order, once. */
class DemoRun {
  private readonly pipeline: ManagedChild[] = [];
  private app: ManagedChild | undefined;
  private stopping: Promise<number> | undefined;
  private failed = false;

  constructor(private readonly args: RunArgs) {}

  /** Stops everything (once), then exits the process with 0 when all stopped cleanly. */
  stopAndExit(reason: string): void {
    void this.stop(reason).then((code) => process.exit(code));
  }

  private stop(reason: string): Promise<number> {
    this.stopping ??= (async () => {
      log(`${reason}: stopping`);
      await this.app?.stop(10_000);
      await this.pipeline.find((c) => c.name === 'workload')?.stop(10_000);
      const flushers = this.pipeline.filter((c) => c.name.startsWith('flusher'));
      const statuses = await Promise.all(flushers.map((f) => f.stop(30_000)));
      const unclean = statuses.filter((s) => s.code !== 0).length;
      if (unclean > 0) log(`${unclean} flusher(s) did not stop cleanly; their last batch will be read again`);
      else log('stopped; the flushers committed their last batches');
      return this.failed || unclean > 0 ? 1 : 0;
    })();
    return this.stopping;
  }

  async start(): Promise<void> {
    const endpoints = await ensureServices({ log: (line) => console.log(`[services] ${line}`) });
    if (this.stopping) return;
    await prepare(endpoints);
    const env: NodeJS.ProcessEnv = { ...process.env, ...endpointsToEnv(endpoints) };

    const flusherArgs = this.args.slowMs === undefined ? [] : ['--slow-ms', String(this.args.slowMs)];
    for (let i = 1; i <= this.args.flushers; i++) {
      this.watch(new ManagedChild(`flusher-${i}`, { ...nodeScript('demo/flusher/main.ts', flusherArgs), cwd: repoRoot, env, ipc: true }));
    }
    this.watch(new ManagedChild('workload', { ...nodeScript('demo/workload/main.ts', this.args.workloadArgs), cwd: repoRoot, env, ipc: true }));

    if (this.args.app) {
      if (this.args.serve) await ensureRendererBuilt(env);
      if (this.stopping) return;
      this.app = startApp(this.args, env);
      void this.app.exited.then(({ code }) => {
        if (this.stopping) return;
        if (code !== 0 && !this.args.serve) log('the Electron app did not start or crashed; npm run demo:serve shows the dashboard in a browser');
        this.stopAndExit(code === 0 ? 'dashboard closed' : `dashboard exited with code ${code}`);
      });
    }
    log(
      `running against redis ${redactUrl(endpoints.redisUrl)}, postgres ${redactUrl(endpoints.databaseUrl)}, ` +
        `kafka ${endpoints.kafkaBrokers.join(',')}. Ctrl-C stops everything.`,
    );
    if (this.args.durationSeconds > 0) {
      setTimeout(() => this.stopAndExit(`${this.args.durationSeconds} s elapsed`), this.args.durationSeconds * 1000);
    }
  }

  /** A pipeline process that dies on its own ends the demo: a dashboard over a dead pipeline misleads. */
  private watch(child: ManagedChild): void {
    this.pipeline.push(child);
    void child.exited.then(({ code, signal }) => {
      if (this.stopping) return;
      this.failed = code !== 0;
      this.stopAndExit(`${child.name} exited (${signal ?? `code ${code}`})`);
    });
  }

  fail(err: Error): void {
    log(`failed: ${err.message}`);
    this.failed = true;
    this.stopAndExit('startup failed');
  }
}

let args: RunArgs;
try {
  args = parseRunArgs(process.argv.slice(2));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${runUsage}`);
  process.exit(2);
}
if (args.help) {
  console.log(runUsage);
} else {
  const run = new DemoRun(args);
  process.on('SIGINT', () => run.stopAndExit('SIGINT'));
  process.on('SIGTERM', () => run.stopAndExit('SIGTERM'));
  run.start().catch((err: Error) => run.fail(err));
}
