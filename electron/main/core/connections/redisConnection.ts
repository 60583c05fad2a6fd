import type { AppError } from '../../../../shared/errors';
import type { RedisProfile } from '../../../../shared/profile';
import { classifyConnectionError } from './classifyError';
import { loadIoredis, type Ioredis } from './drivers';
import { createRedisClient, isCluster, redisTarget, type RedisClient } from './redisClient';
import { disposedError, type ProbeResult, type ServiceConnection } from './serviceConnection';

function infoField(info: string, field: string): string | null {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match ? match[1]!.trim() : null;
}

export class RedisConnection implements ServiceConnection {
  readonly service = 'redis' as const;
  readonly target: string;
  private client: RedisClient | undefined;
  /** The last error the client reported while (re)connecting, the reason a command fails. */
  private lastConnectionError: unknown;
  /**
   * The connect in flight, shared by every caller: with the offline queue off, a client that
   * is still connecting fails each command, so nobody may have it before the connect settles.
   */
  private connecting: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly profile: RedisProfile) {
    this.target = redisTarget(profile);
  }

  /** The shared client, created on first use and connecting in the background. */
  async getClient(): Promise<RedisClient> {
    if (this.disposed) throw disposedError('redis');
    if (!this.client) {
      const ioredis = await loadIoredis();
      if (this.disposed) throw disposedError('redis');
      // Created synchronously after the load: callers that awaited it together share one client.
      this.client ??= this.createClient(ioredis);
    }
    const client = this.client;
    if (!this.connecting && (client.status === 'wait' || client.status === 'end')) {
      this.connecting = client.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    if (this.connecting) {
      try {
        await this.connecting;
      } catch (err) {
        throw classifyConnectionError('redis', this.target, this.lastConnectionError ?? err);
      }
    }
    return client;
  }

  private createClient(ioredis: Ioredis): RedisClient {
    const client = createRedisClient(ioredis, this.profile);
    client.on('error', (err: unknown) => {
      this.lastConnectionError = err;
    });
    client.on('ready', () => {
      this.lastConnectionError = undefined;
    });
    return client;
  }

  async probe(): Promise<ProbeResult> {
    const client = await this.getClient();
    try {
      const started = performance.now();
      await client.ping();
      const latencyMs = performance.now() - started;
      const info = await client.info('server');
      const mode = infoField(info, 'redis_mode');
      const detail =
        isCluster(client)
          ? `cluster, ${client.nodes('master').length} masters`
          : this.profile.mode === 'sentinel'
            ? `sentinel master ${this.profile.sentinelMasterName}`
            : mode;
      return { latencyMs, version: infoField(info, 'redis_version'), detail };
    } catch (err) {
      throw this.explainFailure(err);
    }
  }

  /** A command's failure as a person should read it: while disconnected, why the connection is down. */
  explainFailure(err: unknown): AppError {
    return classifyConnectionError('redis', this.target, this.lastConnectionError ?? err);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // quit() waits for pending replies; disconnect() when the server is gone anyway.
    if (client.status === 'ready') {
      await client.quit().catch(() => client.disconnect());
    } else {
      client.disconnect();
    }
  }
}
