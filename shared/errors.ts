import { z } from 'zod';

/**
 * Every failure that crosses a process boundary is an AppError: a stable code the
 * renderer and the CLI can act on, a message a person can read, optional details.
 */
export const ErrorCodeSchema = z.enum([
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'BAD_URL',
  'HOST_NOT_FOUND',
  'CONNECTION_REFUSED',
  'AUTH_FAILED',
  'TIMEOUT',
  'NOT_FOUND',
  'READ_ONLY',
  'CONFIRMATION_REQUIRED',
  'UNAVAILABLE',
  'DISPOSED',
  'BUSY',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorDataSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorDataSchema>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toData(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.details);
  }
}

/** Turns anything thrown into AppError data, keeping AppErrors as they are. */
export function toAppErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  const parsed = AppErrorDataSchema.safeParse(err);
  if (parsed.success) return parsed.data;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: message || 'unexpected error' };
}

/** What a person should read for each code when the message alone is not enough. */
export const errorHints: Record<ErrorCode, string> = {
  INVALID_INPUT: 'The request was not valid.',
  UNKNOWN_METHOD: 'This version of CacheScope does not know that request.',
  UNAUTHORIZED: 'The access token is missing or wrong: open the URL printed by serve mode.',
  BAD_URL: 'The connection URL is malformed: check the profile.',
  HOST_NOT_FOUND: 'The host name does not resolve: check the profile.',
  CONNECTION_REFUSED: 'Nothing listens at that address: is the service running?',
  AUTH_FAILED: 'The server refused the credentials: check user and password.',
  TIMEOUT: 'The service did not answer in time.',
  NOT_FOUND: 'It does not exist.',
  READ_ONLY: 'This profile is read-only: controls that change Redis, Kafka or Postgres are refused.',
  CONFIRMATION_REQUIRED: 'This action needs to be confirmed by typing what it asks for.',
  UNAVAILABLE: 'The service is not reachable right now.',
  DISPOSED: 'CacheScope is shutting down.',
  BUSY: 'Too many requests are running at once: wait for some to finish and try again.',
  INTERNAL: 'Something unexpected went wrong.',
};
