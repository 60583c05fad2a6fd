import { AppError, errorHints, toAppErrorData } from '../../../shared/errors';

/** What to show a person for any error a store caught. */
export function errorMessage(err: unknown): { title: string; hint: string } {
  const data = err instanceof AppError ? err.toData() : toAppErrorData(err);
  return { title: data.message, hint: errorHints[data.code] };
}
