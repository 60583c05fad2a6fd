import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { startServe, type ServeProcess } from './support/serveProcess';

const dir = mkdtempSync(join(tmpdir(), 'cachescope-e2e-perms-'));
const profilesFile = join(dir, 'profiles.json');
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  writeFileSync(profilesFile, JSON.stringify({ profiles: [] }));
  chmodSync(profilesFile, 0o644);
  serve = await startServe({ CACHESCOPE_PROFILES: profilesFile });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test.skipIf(process.platform === 'win32')('a profiles file others can read shows a warning banner with the fix', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  const banner = page.locator('[data-testid="setup-warning"]');
  await banner.waitFor({ timeout: 30_000 });
  expect(await banner.textContent()).toContain(`chmod 600 ${profilesFile}`);
  for (const theme of ['dark', 'light']) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.click('[data-testid="theme-toggle"]');
    await page.screenshot({ path: join(screenshotDir, `setup-warning-${theme}.png`) });
  }
  await page.close();
});
