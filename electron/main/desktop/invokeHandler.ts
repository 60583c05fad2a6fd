import { AppError, toAppErrorData, type AppErrorData } from '../../../shared/errors';
import type { Core } from '../core/core';

export type InvokeReply = { ok: true; output: unknown } | { ok: false; error: AppErrorData };

/** What the IPC layer knows of the frame that called: read lazily, inside the guard. */
export interface InvokeSender {
  /** The calling frame is its window's top frame (not an iframe). */
  isTopFrame: boolean;
  url: string | null;
}

/**
 * One IPC call, without Electron: only our own top frame, loaded from our own files (or the
 * dev server), may call the core; an iframe or a navigated-away page gets UNAUTHORIZED.
 * Whatever the renderer sends, the answer is a reply, never a throw: Electron would flatten
 * a thrown AppError to a bare message.
 */
export function invokeHandler(
  core: Pick<Core, 'invoke'>,
  isTrustedUrl: (url: string) => boolean,
): (sender: () => InvokeSender, method: unknown, input: unknown) => Promise<InvokeReply> {
  return async (sender, method, input) => {
    try {
      const { isTopFrame, url } = sender();
      if (!isTopFrame || url === null || !isTrustedUrl(url)) throw new AppError('UNAUTHORIZED', 'IPC from an untrusted frame');
      if (typeof method !== 'string') throw new AppError('INVALID_INPUT', 'the method name must be a string');
      return { ok: true, output: await core.invoke(method, input) };
    } catch (err) {
      return { ok: false, error: toAppErrorData(err) };
    }
  };
}
