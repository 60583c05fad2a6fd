import { AppError } from '../../../../shared/errors';
import type { ServiceName } from '../../../../shared/contract';
import type { Disposable } from '../lifecycle/disposable';

export interface ProbeResult {
  latencyMs: number;
  version: string | null;
  detail: string | null;
}

/**
 * The single owner of one service's client for one profile: it connects on first
 * use, reconnects after failures, answers health probes and closes everything on
 * dispose. Samplers and controls borrow its client; they never open their own.
 */
export interface ServiceConnection extends Disposable {
  readonly service: ServiceName;
  /** Where it connects, without secrets. */
  readonly target: string;
  probe(): Promise<ProbeResult>;
}

export const probeTimeoutMs = 5_000;
export const connectTimeoutMs = 3_000;

/** Thrown by a connection used after its owner disposed it. */
export function disposedError(service: ServiceName): AppError {
  return new AppError('DISPOSED', `the ${service} connection is closed`);
}
