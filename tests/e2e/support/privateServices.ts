import { rm } from 'node:fs/promises';
import { kafkaService } from '../../../scripts/services/kafka';
import { prepareInstance } from '../../../scripts/services/paths';
import { postgresService } from '../../../scripts/services/postgres';
import { redisService } from '../../../scripts/services/redis';
import type { LocalService } from '../../../scripts/services/service';
import { portOpen, waitUntil } from '../../../scripts/services/wait';
import { freePort } from '../../integration/support/throwawayRedis';

/**
 * An instance of the suite's own, on free ports, started with the project's launcher
 * (scripts/services, which also fetches Kafka's jars when they are missing): the shared
 * services are never touched, this one may be killed with SIGKILL and started again.
 */
export class PrivateService {
  private constructor(private readonly svc: LocalService) {}

  static async redis(): Promise<PrivateService> {
    const port = await freePort();
    return new PrivateService(redisService(port));
  }

  static async postgres(): Promise<PrivateService> {
    const port = await freePort();
    return new PrivateService(postgresService(port));
  }

  static async kafka(): Promise<PrivateService> {
    const [port, controllerPort] = [await freePort(), await freePort()];
    return new PrivateService(kafkaService(port, controllerPort));
  }

  get name(): string {
    return this.svc.name;
  }

  /** A URL, or host:port for Kafka. */
  get url(): string {
    return this.svc.url;
  }

  /** Starts it (again: on the data it had) and resolves once it answers. */
  async start(): Promise<void> {
    await prepareInstance(this.svc.dir, this.svc.logFile);
    // A Postgres killed a moment ago may still have backends on its way out, holding its shared memory.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.svc.start(() => {});
        break;
      } catch (error) {
        if (attempt === 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    await waitUntil(() => this.svc.answers(this.svc.url), { timeoutMs: this.svc.readyTimeoutMs, intervalMs: 200 });
  }

  /** kill -9, as a crash or an OOM killer does; resolves once the port is closed. */
  async kill(): Promise<void> {
    const pid = await this.svc.pid();
    if (pid === undefined) throw new Error(`${this.svc.name} on ${this.svc.port} is not running`);
    process.kill(pid, 'SIGKILL');
    await waitUntil(async () => !(await portOpen(this.svc.port)), { timeoutMs: 10_000, intervalMs: 50 });
  }

  /** Stops it if it runs and removes its data. */
  async remove(): Promise<void> {
    const pid = await this.svc.pid();
    if (pid !== undefined) await this.svc.stop(pid).catch(() => process.kill(pid, 'SIGKILL'));
    await rm(this.svc.dir, { recursive: true, force: true });
    await rm(this.svc.logFile, { force: true });
  }
}
