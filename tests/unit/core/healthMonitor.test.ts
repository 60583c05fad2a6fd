import { afterEach, expect, test, vi } from 'vitest';
import type { ServiceName } from '../../../shared/contract';
import { backoffDelay } from '../../../electron/main/core/analysis/backoff';
import { defaultHealthOptions, HealthMonitor } from '../../../electron/main/core/health/healthMonitor';
import type { ProbeResult, ServiceConnection } from '../../../electron/main/core/connections/serviceConnection';

/** A connection whose probe answers what the test says: the monitor's schedule is what is tested. */
class ScriptedConnection implements ServiceConnection {
  readonly target = '127.0.0.1:1';
  up = true;
  /** Probes wait for this before answering, when set. */
  hold: Promise<void> | undefined;
  probes = 0;
  constructor(readonly service: ServiceName) {}
  async probe(): Promise<ProbeResult> {
    this.probes++;
    const up = this.up;
    await this.hold;
    if (!up) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return { latencyMs: 1, version: '7.0', detail: null };
  }
  dispose(): void {}
}

let monitor: HealthMonitor | undefined;
afterEach(() => {
  monitor?.dispose();
  vi.useRealTimers();
});

function monitorOf(options = defaultHealthOptions) {
  const connections = { redis: new ScriptedConnection('redis'), postgres: new ScriptedConnection('postgres'), kafka: new ScriptedConnection('kafka') };
  monitor = new HealthMonitor('local', connections, options);
  return { monitor, connections };
}

test('a service that is down is probed again at least every 3 s, however long it stays down', () => {
  const delays = [1, 2, 3, 10, 100].map((failures) =>
    backoffDelay(failures, { intervalMs: defaultHealthOptions.intervalMs, baseMs: defaultHealthOptions.retryBaseMs, maxMs: defaultHealthOptions.maxRetryMs }),
  );
  expect(delays).toEqual([1_000, 2_000, 3_000, 3_000, 3_000]);
});

test('the next probe of a long-down service is due within 3 s', async () => {
  vi.useFakeTimers();
  const { monitor, connections } = monitorOf();
  connections.redis.up = false;
  monitor.start();
  for (let i = 0; i < 8; i++) await vi.advanceTimersByTimeAsync(3_000);
  const redis = monitor.report().redis;
  expect(redis.state).toBe('down');
  expect(redis.nextCheckAt! - redis.checkedAt!).toBeLessThanOrEqual(3_000);
});

test('a successful call reported by a sampler marks a down service up at once', async () => {
  const { monitor, connections } = monitorOf({ intervalMs: 60_000, retryBaseMs: 60_000, maxRetryMs: 60_000 });
  connections.kafka.up = false;
  await monitor.checkNow();
  expect(monitor.report().kafka.state).toBe('down');
  const seen: string[] = [];
  monitor.onDidChange((report) => seen.push(report.kafka.state));
  connections.kafka.up = true;
  monitor.reportAnswered('kafka');
  // At once, not at the next retry a minute away.
  expect(monitor.report().kafka).toMatchObject({ state: 'ok', ok: true, error: null });
  expect(seen[0]).toBe('ok');
});

test('a probe that started before the service came back does not mark it down again', async () => {
  const { monitor, connections } = monitorOf({ intervalMs: 60_000, retryBaseMs: 60_000, maxRetryMs: 60_000 });
  connections.postgres.up = false;
  await monitor.checkNow();
  let release!: () => void;
  connections.postgres.hold = new Promise((resolve) => (release = resolve));
  const stale = monitor.checkNow(); // asked while still down, answers late
  await Promise.resolve();
  monitor.reportAnswered('postgres');
  release();
  await stale;
  expect(monitor.report().postgres.state).toBe('ok');
});

test('a report of success for a service already up changes nothing', async () => {
  const { monitor, connections } = monitorOf();
  await monitor.checkNow();
  const probes = connections.redis.probes;
  let fired = 0;
  monitor.onDidChange(() => fired++);
  monitor.reportAnswered('redis');
  expect(fired).toBe(0);
  expect(connections.redis.probes).toBe(probes);
});
