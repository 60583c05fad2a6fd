import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where CacheScope keeps profiles and history. Matches Electron's
 * `app.getPath('userData')` for an app named CacheScope, so the desktop app, serve
 * mode and the CLI share one folder. CACHESCOPE_HOME overrides it (tests, portable use).
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CACHESCOPE_HOME) return env.CACHESCOPE_HOME;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'CacheScope');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'CacheScope');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'CacheScope');
}
