import type { Pool } from 'pg';
import { AppError } from '../../../../shared/errors';
import type { PostgresProfile } from '../../../../shared/profile';
import { redactUrl } from '../analysis/redactUrl';
import { classifyConnectionError } from './classifyError';
import { loadPg, type Pg } from './drivers';
import { connectTimeoutMs, disposedError, type ProbeResult, type ServiceConnection } from './serviceConnection';
import { toTlsOptions } from './tlsOptions';

function validatePostgresUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('BAD_URL', `PostgreSQL URL "${redactUrl(raw)}" is not a URL (expected postgres://host:port/database, user and password optional)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new AppError('BAD_URL', `PostgreSQL URL "${redactUrl(raw)}" must start with postgres:// or postgresql://`);
  }
}

export class PostgresConnection implements ServiceConnection {
  readonly service = 'postgres' as const;
  readonly target: string;
  private pool: Pool | undefined;
  private disposed = false;

  constructor(private readonly profile: PostgresProfile) {
    this.target = redactUrl(profile.url);
  }

  /** The shared pool, pg loaded on first use; the pool itself reconnects by opening fresh clients on demand. */
  async getPool(): Promise<Pool> {
    if (this.disposed) throw disposedError('postgres');
    if (!this.pool) {
      validatePostgresUrl(this.profile.url);
      const pg = await loadPg();
      if (this.disposed) throw disposedError('postgres');
      // Created synchronously after the load: callers that awaited it together share one pool.
      this.pool ??= this.createPool(pg);
    }
    return this.pool;
  }

  private createPool(pg: Pg): Pool {
    const ssl = toTlsOptions(this.profile.tls);
    const pool = new pg.Pool({
      connectionString: this.profile.url,
      connectionTimeoutMillis: connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      max: 4,
      application_name: 'cachescope',
      ...(ssl ? { ssl } : {}),
    });
    // An idle client losing its server emits here; without a listener Node would crash.
    pool.on('error', () => undefined);
    return pool;
  }

  async probe(): Promise<ProbeResult> {
    try {
      const client = await (await this.getPool()).connect();
      try {
        // Timed on a connected client: latency is the round trip, not the handshake.
        const started = performance.now();
        const { rows } = await client.query<{ version: string; db: string }>(
          // server_version may carry a packager's suffix ("15.20 (Debian …)"): keep the number.
          "select split_part(current_setting('server_version'), ' ', 1) as version, current_database() as db",
        );
        const latencyMs = performance.now() - started;
        return { latencyMs, version: rows[0]?.version ?? null, detail: `db ${rows[0]?.db ?? '?'}` };
      } finally {
        client.release();
      }
    } catch (err) {
      throw classifyConnectionError('postgres', this.target, err);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}
