import type { HealthReport, ServiceHealth, ServiceName } from '../../../../shared/contract';
import { serviceNames } from '../../../../shared/contract';
import { toAppErrorData } from '../../../../shared/errors';
import { backoffDelay } from '../analysis/backoff';
import { classifyConnectionError, serviceLabel } from '../connections/classifyError';
import { probeTimeoutMs, type ServiceConnection } from '../connections/serviceConnection';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter } from '../lifecycle/emitter';
import { withTimeout } from '../lifecycle/withTimeout';
import { log } from '../logging/logger';

export interface HealthMonitorOptions {
  /** Time between probes while a service answers. */
  intervalMs: number;
  /** First retry delay after a failure; doubles up to maxRetryMs. */
  retryBaseMs: number;
  maxRetryMs: number;
}

/**
 * A service that is down is asked again at least every 3 s: during an incident the tile must
 * turn green within seconds of the service coming back, and a refused connection costs nothing.
 */
export const defaultHealthOptions: HealthMonitorOptions = { intervalMs: 2_000, retryBaseMs: 1_000, maxRetryMs: 3_000 };

interface ServiceSlot {
  health: ServiceHealth;
  failures: number;
  timer: NodeJS.Timeout | undefined;
  inFlight: Promise<void> | undefined;
  /** When a call on the connection last succeeded outside the probes (see reportAnswered). */
  answeredAt: number;
}

/**
 * Probes each service of a profile on its own schedule: every `intervalMs` while it
 * answers, with exponential backoff while it does not. The connections reconnect on
 * their own; this only decides when to ask and records the answer.
 */
export class HealthMonitor implements Disposable {
  private readonly slots = new Map<ServiceName, ServiceSlot>();
  private readonly changed = new Emitter<HealthReport>();
  private started = false;
  private disposed = false;

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly profileId: string,
    private readonly connections: Record<ServiceName, ServiceConnection>,
    private readonly options: HealthMonitorOptions = defaultHealthOptions,
  ) {
    for (const service of serviceNames) {
      this.slots.set(service, {
        failures: 0,
        timer: undefined,
        inFlight: undefined,
        answeredAt: 0,
        health: {
          service,
          target: connections[service].target,
          state: 'unknown',
          ok: false,
          latencyMs: null,
          version: null,
          detail: null,
          error: null,
          checkedAt: null,
          lastOkAt: null,
          nextCheckAt: null,
        },
      });
    }
  }

  report(): HealthReport {
    const health = (service: ServiceName) => this.slot(service).health;
    return { profileId: this.profileId, redis: health('redis'), postgres: health('postgres'), kafka: health('kafka') };
  }

  /** Starts the background schedule (idempotent); the first probes run at once. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    for (const service of serviceNames) void this.probe(service);
  }

  /** Probes every service now (joining probes already running) and returns the result. */
  async checkNow(): Promise<HealthReport> {
    await Promise.all(serviceNames.map((service) => this.probe(service)));
    return this.report();
  }

  /**
   * A call on the service's connection (a sampler's read) just succeeded: a service shown
   * down is up at once, instead of at its next retry, and a probe fills in its latency.
   */
  reportAnswered(service: ServiceName): void {
    const slot = this.slot(service);
    if (this.disposed || slot.health.state === 'ok') return;
    const now = Date.now();
    slot.answeredAt = now;
    slot.failures = 0;
    slot.health = { ...slot.health, state: 'ok', ok: true, error: null, checkedAt: now, lastOkAt: now };
    this.changed.fire(this.report());
    void this.probe(service);
  }

  private slot(service: ServiceName): ServiceSlot {
    return this.slots.get(service)!;
  }

  private probe(service: ServiceName): Promise<void> {
    const slot = this.slot(service);
    slot.inFlight ??= this.runProbe(service, slot).finally(() => {
      slot.inFlight = undefined;
    });
    return slot.inFlight;
  }

  private async runProbe(service: ServiceName, slot: ServiceSlot): Promise<void> {
    clearTimeout(slot.timer);
    const previous = slot.health;
    const connection = this.connections[service];
    const startedAt = Date.now();
    try {
      const result = await withTimeout(
        connection.probe(),
        probeTimeoutMs,
        `${serviceLabel(service)} at ${connection.target}`,
      );
      if (this.disposed) return;
      slot.failures = 0;
      const now = Date.now();
      slot.health = {
        ...slot.health,
        state: 'ok',
        ok: true,
        latencyMs: Math.round(result.latencyMs * 100) / 100,
        version: result.version,
        detail: result.detail,
        error: null,
        checkedAt: now,
        lastOkAt: now,
      };
    } catch (err) {
      if (this.disposed) return;
      // Asked before the service came back (a connect timing out): what answered since wins.
      if (slot.answeredAt >= startedAt) {
        this.schedule(service, slot);
        return;
      }
      slot.failures += 1;
      slot.health = {
        ...slot.health,
        state: 'down',
        ok: false,
        latencyMs: null,
        error: toAppErrorData(classifyConnectionError(service, connection.target, err)),
        checkedAt: Date.now(),
      };
    }
    if (slot.health.state !== previous.state) this.logTransition(service, slot.health);
    this.schedule(service, slot);
    this.changed.fire(this.report());
  }

  /** Only transitions: a service down for an hour is one line, not one per probe. */
  private logTransition(service: ServiceName, health: ServiceHealth): void {
    const where = `${serviceLabel(service)} at ${health.target}`;
    if (health.ok) log.info(`${where} answers (${health.version ?? 'version unknown'})`);
    else log.info(`${where} is down: ${health.error?.code ?? 'ERROR'} ${health.error?.message ?? ''}`);
  }

  private schedule(service: ServiceName, slot: ServiceSlot): void {
    if (!this.started || this.disposed) {
      slot.health = { ...slot.health, nextCheckAt: null };
      return;
    }
    const delay = backoffDelay(slot.failures, {
      intervalMs: this.options.intervalMs,
      baseMs: this.options.retryBaseMs,
      maxMs: this.options.maxRetryMs,
    });
    slot.health = { ...slot.health, nextCheckAt: Date.now() + delay };
    slot.timer = setTimeout(() => void this.probe(service), delay);
  }

  /** Stops the schedule; probes still in flight fail fast once their connections close. */
  dispose(): void {
    this.disposed = true;
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    this.changed.dispose();
  }
}
