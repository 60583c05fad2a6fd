import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcChannels } from '../../../shared/ipcChannels';
import { AppError, toAppErrorData, type AppErrorData } from '../../../shared/errors';
import type { Core } from '../core/core';
import type { Disposable } from '../core/lifecycle/disposable';
import { bridgeEvents } from '../frontEnds/eventBridge';

export type InvokeReply = { ok: true; output: unknown } | { ok: false; error: AppErrorData };

/**
 * Only our own top frame, loaded from our own files (or the dev server), may call
 * the core: an iframe or a navigated-away page gets UNAUTHORIZED.
 */
function senderAllowed(event: IpcMainInvokeEvent, isTrustedUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return !!frame && frame === event.sender.mainFrame && isTrustedUrl(frame.url);
}

export function registerIpc(core: Core, isTrustedUrl: (url: string) => boolean): Disposable {
  ipcMain.handle(ipcChannels.invoke, async (event, method: unknown, input: unknown): Promise<InvokeReply> => {
    try {
      if (!senderAllowed(event, isTrustedUrl)) throw new AppError('UNAUTHORIZED', 'IPC from an untrusted frame');
      if (typeof method !== 'string') throw new AppError('INVALID_INPUT', 'the method name must be a string');
      // Errors cross IPC as data: Electron would flatten a thrown AppError to a message.
      return { ok: true, output: await core.invoke(method, input) };
    } catch (err) {
      return { ok: false, error: toAppErrorData(err) };
    }
  });
  return { dispose: () => ipcMain.removeHandler(ipcChannels.invoke) };
}

/** Pushes coalesced core events to one window until it closes. */
export function forwardEvents(core: Core, contents: WebContents): Disposable {
  const bridge = bridgeEvents(core.onEvent, ({ name, payload }) => {
    if (!contents.isDestroyed()) contents.send(ipcChannels.event, name, payload);
  });
  contents.once('destroyed', () => void bridge.dispose());
  return bridge;
}
