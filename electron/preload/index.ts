import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels as channels } from '../../shared/ipcChannels';

/**
 * The page's only door to the core: `invoke(method, input)` and `on(listener)`. No
 * ipcRenderer, no Node; the sandbox loads this as one bundled CommonJS file.
 */
contextBridge.exposeInMainWorld('cachescope', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(channels.invoke, method, input),
  on: (listener: (name: string, payload: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(channels.event, handler);
    return () => {
      ipcRenderer.removeListener(channels.event, handler);
    };
  },
});
