import { z } from 'zod';
import { isMethodName, methods, type MethodName } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Handler, Handlers } from './handlers';

/**
 * The boundary every front end goes through: the method must exist, the input must
 * match its schema, and the output is checked against the contract before it leaves.
 */
export async function dispatch(handlers: Handlers, method: string, rawInput: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw new AppError('UNKNOWN_METHOD', `unknown method "${method}"`);
  const schema = methods[method];
  const input = schema.input.safeParse(rawInput ?? undefined);
  if (!input.success) {
    throw new AppError('INVALID_INPUT', `invalid input for ${method}: ${z.prettifyError(input.error)}`, {
      issues: input.error.issues,
    });
  }
  const handler = handlers[method] as Handler<MethodName>;
  const output = await handler(input.data as never);
  const checked = schema.output.safeParse(output);
  if (!checked.success) {
    throw new AppError('INTERNAL', `${method} produced output that breaks the contract: ${z.prettifyError(checked.error)}`);
  }
  return checked.data;
}
