/**
 * Which failures are worth retrying. Postgres reports SQLSTATE codes, whose first two
 * characters are the class (https://www.postgresql.org/docs/current/errcodes-appendix.html);
 * Node reports socket failures as errno codes.
 */
export type ErrorKind = 'transient' | 'permanent';

export interface ErrorClassification {
  kind: ErrorKind;
  /**
   * The database is unreachable or went away: not the record's fault, and the transaction
   * is gone. The flusher retries the whole batch for as long as it runs instead of
   * dead-lettering records during an outage.
   */
  connectionLost: boolean;
  /** SQLSTATE or errno code, when there is one. */
  code?: string;
}

const socketErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** SQLSTATEs that mean the server cannot serve this session right now. */
const connectionSqlStates = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
]);

/** SQLSTATEs a retry of the same statement can cure. */
const transientSqlStates = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '40003', // statement_completion_unknown
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled (statement_timeout)
  '55006', // object_in_use
  '58000', // system_error
  '58030', // io_error
]);

/** node-postgres' own messages when the socket drops under a client. */
const connectionMessages = [
  'Connection terminated',
  'connection error',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'Client has encountered a connection error',
];

function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export function classifyDatabaseError(err: unknown): ErrorClassification {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);

  if (code && socketErrorCodes.has(code)) return { kind: 'transient', connectionLost: true, code };
  if (isSqlState(code)) {
    if (code.startsWith('08') || connectionSqlStates.has(code)) return { kind: 'transient', connectionLost: true, code };
    // Class 53 is insufficient resources (disk full, out of memory): wait and retry.
    if (transientSqlStates.has(code) || code.startsWith('53')) return { kind: 'transient', connectionLost: false, code };
    // Data exceptions (22), constraint violations (23), undefined columns or tables (42) and the
    // rest: the database rejected this record, and will again.
    return { kind: 'permanent', connectionLost: false, code };
  }
  if (connectionMessages.some((m) => message.includes(m))) return { kind: 'transient', connectionLost: true, ...(code ? { code } : {}) };
  // No SQLSTATE: something between us and Postgres failed. Retry a bounded number of times,
  // then dead-letter as transient, which marks the record as worth replaying.
  return { kind: 'transient', connectionLost: false, ...(code ? { code } : {}) };
}

/** One line for the `x-error` header and logs. */
export function describeError(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; constraint?: unknown; detail?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const parts = [isSqlState(e.code) ? `${e.code}: ${message}` : message];
  if (typeof e.constraint === 'string') parts.push(`constraint ${e.constraint}`);
  return parts.join('; ');
}
