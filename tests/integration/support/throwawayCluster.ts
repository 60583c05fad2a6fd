import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, ThrowawayRedis } from './throwawayRedis';
import { waitFor } from './waitFor';

const run = promisify(execFile);

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(taken: readonly number[]): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && !taken.includes(port) && (await portIsFree(port + 10_000))) return port;
  }
}

/** INFO/CLUSTER answers of one node, with a short-lived connection. */
export async function askNode<T>(port: number, ask: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await ask(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * A Redis Cluster of the test's own (docs/architecture.md §9): `masters` masters with `replicas` each,
 * on free ports, in a temporary folder; nodes can be killed and restarted.
 */
export class ThrowawayCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: ThrowawayRedis[],
  ) {}

  static async start({ masters = 3, replicas = 0 }: { masters?: number; replicas?: number } = {}): Promise<ThrowawayCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'cachescope-cluster-'));
    const ports: number[] = [];
    for (let i = 0; i < masters * (1 + replicas); i++) ports.push(await freeClusterPort(ports));
    const nodes = ports.map((port) => {
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      return new ThrowawayRedis(port, [
        '--cluster-enabled', 'yes',
        '--cluster-config-file', join(nodeDir, 'nodes.conf'),
        '--cluster-node-timeout', '2000',
        // Replicas sync at once (not after the default 5 s), so they can take over early in a test.
        '--repl-diskless-sync-delay', '0',
        '--dir', nodeDir,
      ]);
    });
    const cluster = new ThrowawayCluster(dir, nodes);
    try {
      await Promise.all(nodes.map((n) => n.start()));
      await run('redis-cli', [
        '--cluster', 'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas', String(replicas),
        '--cluster-yes',
      ]);
      await cluster.waitUntilHealthy();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  get seeds(): string[] {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`);
  }

  /** Every node says the cluster is ok and knows all the others; every replica is in sync. */
  async waitUntilHealthy(timeout = 30_000): Promise<void> {
    const healthy = async () => {
      const infos = await Promise.all(
        this.nodes.map((n) => askNode(n.port, async (r) => `${await r.cluster('INFO')}${await r.info('replication')}`)),
      );
      return infos.every(
        (info) =>
          info.includes('cluster_state:ok') &&
          info.includes(`cluster_known_nodes:${this.nodes.length}`) &&
          (info.includes('role:master') || info.includes('master_link_status:up')),
      );
    };
    await waitFor('the cluster to be ok on every node', healthy, timeout);
    // Replicas appear in CLUSTER SLOTS (what clients read) once their offset has been gossiped.
    const listed = async (port: number) => {
      const slots = (await askNode(port, (r) => r.cluster('SLOTS'))) as unknown[][];
      return slots.reduce((total, range) => total + range.length - 2, 0);
    };
    await waitFor('every replica to be listed by CLUSTER SLOTS', async () => {
      const counts = await Promise.all(this.nodes.map((n) => listed(n.port)));
      return counts.every((count) => count === this.nodes.length);
    }, timeout);
  }

  /** host:port of each master, as the cluster (asked through `viaPort`) sees them now. */
  async masters(viaPort: number): Promise<string[]> {
    const text = (await askNode(viaPort, (r) => r.cluster('NODES'))) as string;
    return text
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, , flags]) => flags !== undefined && flags.split(',').includes('master') && !flags.includes('fail'))
      .map(([, address]) => address!.split('@')[0]!);
  }

  node(port: number): ThrowawayRedis {
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no node on ${port}`);
    return node;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
