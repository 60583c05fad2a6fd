import { BrowserWindow, shell, type Session } from 'electron';
import { join } from 'node:path';
import { mainWindowOptions } from './mainWindowOptions';
import { isAllowedDownload, isAllowedExternalUrl, isPermissionAllowed, isTrustedRendererUrl, type RendererSource } from './navigationPolicy';

const mainDir = import.meta.dirname;

/** Our renderer's own pages: the built files, or the dev server during `npm run dev`. */
export const rendererSource: RendererSource = {
  rendererDir: join(mainDir, '..', 'renderer'),
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
};

export const isOwnRendererUrl = (url: string): boolean => isTrustedRendererUrl(url, rendererSource);

/** Electron grants every permission no handler refuses: refuse requests and checks alike. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
}

/**
 * Files the page saves (an incident export, the audit as CSV) go through the system's save
 * dialog, named as the page named them; any other download is cancelled.
 */
export function saveDownloadsWithDialog(session: Session): void {
  session.on('will-download', (event, item, contents) => {
    if (!contents || !isAllowedDownload(item.getURL(), contents.getURL(), rendererSource)) {
      event.preventDefault();
      return;
    }
    const extension = item.getFilename().split('.').pop() ?? '';
    item.setSaveDialogOptions({
      title: 'Save',
      defaultPath: item.getFilename(),
      ...(extension ? { filters: [{ name: extension.toUpperCase(), extensions: [extension] }] } : {}),
    });
  });
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(mainDir));
  window.once('ready-to-show', () => window.show());
  // Allowed links open in the user's browser; the window itself never opens another.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayOnOwnPages = (event: { preventDefault(): void }, url: string) => {
    if (!isOwnRendererUrl(url)) event.preventDefault();
  };
  window.webContents.on('will-navigate', stayOnOwnPages);
  window.webContents.on('will-redirect', stayOnOwnPages);
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  if (rendererSource.devServerUrl) void window.loadURL(rendererSource.devServerUrl);
  else void window.loadFile(join(rendererSource.rendererDir, 'index.html'));
  return window;
}
