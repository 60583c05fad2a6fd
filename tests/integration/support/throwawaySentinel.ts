import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askNode } from './throwawayCluster';
import { freePort, ThrowawayRedis } from './throwawayRedis';
import { waitFor } from './waitFor';

function folder(parent: string, name: string): string {
  const path = join(parent, name);
  mkdirSync(path);
  return path;
}

/**
 * A master, a replica and one Sentinel watching them (docs/architecture.md §9), quick to fail over:
 * the master is judged down after 1 s. Kill the master to see the replica promoted.
 */
export class ThrowawaySentinel {
  private sentinelProcess: ChildProcess | undefined;

  private constructor(
    private readonly dir: string,
    readonly masterName: string,
    readonly master: ThrowawayRedis,
    readonly replica: ThrowawayRedis,
    readonly sentinelPort: number,
  ) {}

  static async start(masterName = `cachescope${process.pid}`): Promise<ThrowawaySentinel> {
    const dir = mkdtempSync(join(tmpdir(), 'cachescope-sentinel-'));
    const masterPort = await freePort();
    const replicaPort = await freePort();
    // Separate folders: a replica's synced dump.rdb must not be loaded by a restarted master.
    const quickSync = ['--repl-diskless-sync-delay', '0'];
    const master = new ThrowawayRedis(masterPort, ['--dir', folder(dir, 'master'), ...quickSync]);
    const replica = new ThrowawayRedis(replicaPort, [
      '--dir', folder(dir, 'replica'),
      '--replicaof', '127.0.0.1', String(masterPort),
      ...quickSync,
    ]);
    const sentinel = new ThrowawaySentinel(dir, masterName, master, replica, await freePort());
    try {
      await master.start();
      await replica.start();
      await sentinel.startSentinel();
      // Failover needs the Sentinel to have found the replica through the master.
      const replicas = () => askNode(sentinel.sentinelPort, (r) => r.call('SENTINEL', 'REPLICAS', masterName) as Promise<unknown[]>);
      await waitFor('the Sentinel to find the replica', async () => (await replicas()).length === 1, 20_000);
    } catch (err) {
      await sentinel.stop();
      throw err;
    }
    return sentinel;
  }

  get sentinels(): string[] {
    return [`127.0.0.1:${this.sentinelPort}`];
  }

  private async startSentinel(): Promise<void> {
    const config = join(this.dir, 'sentinel.conf');
    // Sentinel rewrites its configuration as it learns: the file must be writable.
    writeFileSync(
      config,
      [
        `port ${this.sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${this.masterName} 127.0.0.1 ${this.master.port} 1`,
        `sentinel down-after-milliseconds ${this.masterName} 1000`,
        `sentinel failover-timeout ${this.masterName} 5000`,
        '',
      ].join('\n'),
    );
    this.sentinelProcess = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
    await waitFor('the Sentinel to answer', async () => (await askNode(this.sentinelPort, (r) => r.ping())) === 'PONG', 10_000);
  }

  /** host:port of the master the Sentinel names now. */
  async currentMaster(): Promise<string> {
    const [host, port] = (await askNode(this.sentinelPort, (r) =>
      r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.masterName),
    )) as [string, string];
    return `${host}:${port}`;
  }

  async stop(): Promise<void> {
    const sentinel = this.sentinelProcess;
    if (sentinel && sentinel.exitCode === null) {
      const exited = once(sentinel, 'exit');
      sentinel.kill('SIGKILL');
      await exited;
    }
    await this.master.kill();
    await this.replica.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
