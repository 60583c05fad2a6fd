import { existsSync } from 'node:fs';
import { chown, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { host, instanceDir, logFile } from './paths';
import { livePid, requireExecutable, run } from './proc';
import { line, type LocalService } from './service';

interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** A trust-auth cluster of our own in `.services/postgres-<port>/data`, driven by pg_ctl. */
export function postgresService(port: number): LocalService {
  const dir = instanceDir('postgres', port);
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'run');
  const log = logFile('postgres', port);
  let userLookup: Promise<OsUser | undefined> | undefined;
  const osUser = () => (userLookup ??= serverUser());

  /** pg_ctl or initdb, as the server's OS user when that is not us. */
  const pgTool = async (tool: string, args: string[]) => {
    const bin = join(await postgresBinDir(), tool);
    const user = await osUser();
    // cwd: the server user may not be allowed into ours (e.g. /root).
    return user ? run('runuser', ['-u', user.name, '--', bin, ...args], { cwd: dir }) : run(bin, args, { cwd: dir });
  };

  return {
    name: 'postgres',
    port,
    url: `postgres://postgres@${host}:${port}/postgres`,
    dir,
    logFile: log,
    readyTimeoutMs: 60_000,
    answers: postgresAnswers,
    // The postmaster's command line names its data folder.
    pid: () => livePid(join(dataDir, 'postmaster.pid'), dataDir),
    async start(say) {
      await postgresBinDir(); // a missing install is the likelier problem: report it first
      await mkdir(socketDir, { recursive: true });
      const user = await osUser();
      // The server user must own its folders and be able to append to its log.
      if (user) await Promise.all([dir, socketDir, log].map((path) => chown(path, user.uid, user.gid)));
      if (!existsSync(join(dataDir, 'PG_VERSION'))) {
        say(line('postgres', 'initdb', dataDir));
        await pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C']);
      }
      // -o is split by a shell inside pg_ctl, hence the quotes around the path. ::1 too, for a
      // DATABASE_URL that names it: Postgres only warns when one of the addresses is missing.
      const serverOptions = `-p ${port} -k '${socketDir}' -c listen_addresses=${host},::1`;
      await pgTool('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', log, '-w', '-t', '60', 'start']);
    },
    async stop() {
      await pgTool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
  };
}

/** True when the server at `url` runs a query. */
async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {}); // a failed probe is the answer, not an error to report
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Where initdb and pg_ctl live: PATH (Homebrew, Postgres.app), else Debian's versioned folders, newest first. */
async function postgresBinDir(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const debianDirs = versions.sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`);
  const pgCtl = await requireExecutable('pg_ctl', 'apt-get install postgresql / brew install postgresql@16', debianDirs);
  return dirname(pgCtl);
}

/**
 * Postgres refuses to run as root, so as root its tools run as the `postgres` OS user;
 * as anyone else they run as ourselves.
 */
async function serverUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    run('id', [flag, 'postgres']).then(
      (out) => Number(out.trim()),
      (error: Error) => {
        if (!/no such user/i.test(error.message)) throw error;
        throw new Error("running as root and there is no 'postgres' OS user to run Postgres as: create one (useradd --system postgres) or run as a normal user");
      },
    );
  return { name: 'postgres', uid: await id('-u'), gid: await id('-g') };
}
