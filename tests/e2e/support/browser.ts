import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = join(import.meta.dirname, '..', '..', '..', '.artifacts', 'screenshots');

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a throwaway profile and a 1280×800 window. */
export async function openBrowser(): Promise<BrowserSession> {
  mkdirSync(screenshotDir, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'cachescope-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
