import { app, BrowserWindow, session } from 'electron';
import { appVersion } from './core/appVersion';
import { Core } from './core/core';
import { DisposableStore } from './core/lifecycle/disposable';
import { log } from './core/logging/logger';
import { startProcessLog } from './core/logging/processLog';
import { forwardEvents, registerIpc } from './desktop/ipcBridge';
import { createMainWindow, denyPermissions, isOwnRendererUrl, saveDownloadsWithDialog } from './desktop/mainWindow';

app.setName('CacheScope');
// Before anything else can fail: the log, and the handler that keeps one error from closing the app.
const logFile = startProcessLog({ userDataDir: app.getPath('userData') });
const owned = new DisposableStore();

async function openWindow(core: Core): Promise<void> {
  const window = createMainWindow();
  forwardEvents(core, window.webContents);
}

async function start(): Promise<void> {
  await app.whenReady();
  denyPermissions(session.defaultSession);
  saveDownloadsWithDialog(session.defaultSession);
  const core = owned.add(await Core.create({ frontEnd: 'desktop', userDataDir: app.getPath('userData') }));
  log.info(`CacheScope ${appVersion} desktop started (pid ${process.pid}, log ${logFile ?? 'stderr only'})`);
  owned.add(registerIpc(core, isOwnRendererUrl));
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
  log.error('CacheScope could not start', err);
  app.exit(1);
});
