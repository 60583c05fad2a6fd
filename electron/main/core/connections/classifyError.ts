import { AppError, type ErrorCode } from '../../../../shared/errors';
import type { ServiceName } from '../../../../shared/contract';
import { scrubSecrets } from '../analysis/scrubSecrets';

const serviceLabels: Record<ServiceName, string> = {
  redis: 'Redis',
  postgres: 'PostgreSQL',
  kafka: 'Kafka',
};

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  name?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** The causes chained inside driver errors (kafkajs wraps them, Node nests them). */
function errorChain(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && chain.length < 8) {
    const e = current as ErrorLike;
    chain.push(e);
    current = e.cause ?? e.originalError;
  }
  return chain;
}

function codeFor(chain: ErrorLike[]): ErrorCode {
  const codes = chain.map((e) => String(e.code ?? ''));
  const text = chain.map((e) => `${String(e.name ?? '')} ${String(e.message ?? '')}`).join(' ');
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN') || /getaddrinfo/.test(text)) {
    return 'HOST_NOT_FOUND';
  }
  if (codes.includes('ECONNREFUSED') || /ECONNREFUSED|Connection refused/i.test(text)) {
    return 'CONNECTION_REFUSED';
  }
  // Postgres 28P01/28000, Redis WRONGPASS/NOAUTH, Kafka SASL failures.
  if (
    codes.includes('28P01') ||
    codes.includes('28000') ||
    /WRONGPASS|NOAUTH|invalid username-password|password authentication failed|SASL authentication failed|no pg_hba\.conf entry/i.test(
      text,
    )
  ) {
    return 'AUTH_FAILED';
  }
  if (codes.includes('3D000')) return 'NOT_FOUND';
  if (codes.includes('ETIMEDOUT') || /timed? ?out|timeout/i.test(text)) return 'TIMEOUT';
  if (codes.some((c) => /^(ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH)$/.test(c))) return 'UNAVAILABLE';
  return 'UNAVAILABLE';
}

function bestMessage(chain: ErrorLike[]): string {
  const messages = chain
    .map((e) => (typeof e.message === 'string' ? e.message.trim() : ''))
    .filter((m) => m.length > 0);
  // The innermost cause usually says what happened; the outer ones say "retries exceeded".
  return messages.at(-1) ?? 'unknown error';
}

/**
 * Turns a driver error into an AppError whose message names the service, the target
 * and what went wrong, e.g. "Redis at 127.0.0.1:6390: connection refused".
 */
export function classifyConnectionError(service: ServiceName, target: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const chain = errorChain(err);
  const code = codeFor(chain);
  const what: Record<ErrorCode, string> = {
    HOST_NOT_FOUND: 'host not found',
    CONNECTION_REFUSED: 'connection refused',
    AUTH_FAILED: 'authentication failed',
    NOT_FOUND: 'not found',
    READ_ONLY: 'read-only',
    CONFIRMATION_REQUIRED: 'not confirmed',
    TIMEOUT: 'timed out',
    UNAVAILABLE: 'unavailable',
    BAD_URL: 'bad URL',
    INVALID_INPUT: 'invalid input',
    UNKNOWN_METHOD: 'unknown method',
    UNAUTHORIZED: 'unauthorized',
    DISPOSED: 'closed',
    BUSY: 'busy',
    INTERNAL: 'internal error',
  };
  // Drivers may quote the connection string they were given.
  const detail = scrubSecrets(bestMessage(chain));
  return new AppError(code, `${serviceLabels[service]} at ${target}: ${what[code]} (${detail})`, {
    service,
    target,
  });
}

export function serviceLabel(service: ServiceName): string {
  return serviceLabels[service];
}
