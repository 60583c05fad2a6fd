import { hostname, userInfo } from 'node:os';
import type { AppInfo } from '../../../../shared/contract';
import { AppError, toAppErrorData, type AppErrorData } from '../../../../shared/errors';
import { isReadOnly, type Profile } from '../../../../shared/profile';
import { countsOf, shapeAuditRecord, type AuditEntry } from '../analysis/auditRecord';
import type { AuditLog } from '../audit/auditLog';

/** The OS user the front end runs as; "someone" without a passwd entry (containers). */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'someone';
  }
}

/** Who acts, as flushers and subscribers are told: `user@host via CacheScope cli`. */
export function requester(frontEnd: AppInfo['frontEnd']): string {
  return `${osUser()}@${hostname()} via CacheScope ${frontEnd}`;
}

/** What every control needs to be checked and recorded: the profile it acts on, the log, the front end asking. */
export interface ControlScope {
  profile: Profile;
  audit: AuditLog;
  frontEnd: AppInfo['frontEnd'];
}

export interface ControlAction {
  /** e.g. `keys.invalidate`. */
  action: string;
  parameters: Record<string, unknown>;
}

async function record(scope: ControlScope, control: ControlAction, at: number, outcome: AuditEntry['outcome'], counts: Record<string, number>, error: AppErrorData | null): Promise<void> {
  const { profile } = scope;
  await scope.audit.append(
    shapeAuditRecord({
      at,
      user: osUser(),
      host: hostname(),
      frontEnd: scope.frontEnd,
      profile: { id: profile.id, name: profile.name, environment: profile.environment },
      action: control.action,
      parameters: control.parameters,
      counts,
      durationMs: Date.now() - at,
      outcome,
      error,
    }),
  );
}

/**
 * Refuses a control on a read-only profile, in the core whatever the front end showed:
 * records the refusal and throws READ_ONLY naming the profile and why it is read-only.
 */
export async function refuseIfReadOnly(scope: ControlScope, control: ControlAction): Promise<void> {
  if (!isReadOnly(scope.profile)) return;
  const { name, environment, readOnly } = scope.profile;
  const why = readOnly === true ? 'it is marked "readOnly"' : `it is a ${environment} profile (set "readOnly": false to allow controls)`;
  const error = new AppError('READ_ONLY', `${control.action} refused: profile "${name}" is read-only because ${why}`);
  await record(scope, control, Date.now(), 'refused', {}, error.toData());
  throw error;
}

/** Records a control refused before it ran for another reason than read-only (not confirmed, bad input). */
export async function recordRefusal(scope: ControlScope, control: ControlAction, error: AppError): Promise<never> {
  await record(scope, control, Date.now(), 'refused', {}, error.toData());
  throw error;
}

/**
 * Runs a control and appends its one audit record when it ends: ok with the result's counts,
 * cancelled (the signal aborted), refused (not confirmed, read-only) or failed with what was
 * done before (the error's details).
 * A failure to write the record does not hide the control's own outcome.
 */
export async function audited<R>(scope: ControlScope, control: ControlAction, signal: AbortSignal | undefined, run: () => Promise<R>): Promise<R> {
  const at = Date.now();
  try {
    const result = await run();
    await record(scope, control, at, signal?.aborted ? 'cancelled' : 'ok', countsOf(result), null).catch(() => undefined);
    return result;
  } catch (err) {
    const error = toAppErrorData(err);
    const refused = error.code === 'READ_ONLY' || error.code === 'CONFIRMATION_REQUIRED';
    await record(scope, control, at, refused ? 'refused' : signal?.aborted ? 'cancelled' : 'failed', countsOf(error.details), error).catch(() => undefined);
    throw err;
  }
}
