import { app, BrowserWindow } from 'electron';
import { Core } from './core/core';
import { DisposableStore } from './core/lifecycle/disposable';
import { forwardEvents, registerIpc } from './desktop/ipcBridge';
import { createMainWindow, isTrustedRendererUrl } from './desktop/mainWindow';

app.setName('CacheScope');
const owned = new DisposableStore();

async function openWindow(core: Core): Promise<void> {
  const window = createMainWindow();
  forwardEvents(core, window.webContents);
}

async function start(): Promise<void> {
  await app.whenReady();
  const core = owned.add(await Core.create({ frontEnd: 'desktop', userDataDir: app.getPath('userData') }));
  owned.add(registerIpc(core, isTrustedRendererUrl));
  await openWindow(core);
  await core.startWatching();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow(core);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('will-quit', (event) => {
  if (quitting) return;
  // Close connections before exiting so Redis, Postgres and Kafka see clean goodbyes.
  event.preventDefault();
  quitting = true;
  void owned.dispose().finally(() => app.exit(0));
});

start().catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});
