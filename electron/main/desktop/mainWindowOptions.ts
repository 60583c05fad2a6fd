import { join } from 'node:path';

/**
 * The main window's options, built without 'electron' so the unit tests can check the
 * security settings: isolated, sandboxed, no Node in the page, same-origin policy on.
 * `mainDir` is the bundled main process's folder (out/main). The type is structural: Electron's BrowserWindowConstructorOptions accepts it.
 */
export function mainWindowOptions(mainDir: string) {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'CacheScope',
    backgroundColor: '#0f1419',
    icon: join(mainDir, '..', '..', 'resources', 'icon.png'),
    webPreferences: {
      preload: join(mainDir, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
