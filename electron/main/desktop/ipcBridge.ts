import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcChannels } from '../../../shared/ipcChannels';
import type { Core } from '../core/core';
import type { Disposable } from '../core/lifecycle/disposable';
import { bridgeEvents } from '../frontEnds/eventBridge';
import { invokeHandler, type InvokeSender } from './invokeHandler';

function senderOf(event: IpcMainInvokeEvent): InvokeSender {
  const frame = event.senderFrame;
  return { isTopFrame: !!frame && frame === event.sender.mainFrame, url: frame?.url ?? null };
}

export function registerIpc(core: Core, isTrustedUrl: (url: string) => boolean): Disposable {
  const handle = invokeHandler(core, isTrustedUrl);
  ipcMain.handle(ipcChannels.invoke, (event, method: unknown, input: unknown) => handle(() => senderOf(event), method, input));
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
