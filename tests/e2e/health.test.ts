import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { startServe, type ServeProcess } from './support/serveProcess';

let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

test('without the token serve mode shows nothing', async () => {
  const page = await browser.context.newPage();
  const response = await page.goto(`${serve.origin}/`);
  expect(response?.status()).toBe(401);
  expect(await page.textContent('body')).toContain('open the URL with its token');
  await page.close();
});

test('the three health tiles turn healthy and stay live', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  // The token moved into a cookie; the address bar no longer shows it.
  expect(page.url()).not.toContain('token=');
  for (const service of ['redis', 'postgres', 'kafka']) {
    await page.locator(`[data-testid="tile-${service}"][data-state="ok"]`).waitFor({ timeout: 30_000 });
  }
  await expect.poll(() => page.locator('[data-testid="link-state"]').textContent()).toContain('live');
  await expect.poll(() => page.locator('[data-testid="tile-redis"] [data-testid="tile-version"]').textContent()).toMatch(/^\d+\.\d+/);
  await expect.poll(() => page.locator('[data-testid="tile-kafka"] [data-testid="tile-version"]').textContent()).toMatch(/^\d+\.\d+/);
  // Pushed updates arrive without a reload: the "last answered" line keeps being refreshed.
  const health = page.locator('[data-testid="tile-postgres"] .when');
  await expect.poll(() => health.textContent(), { timeout: 10_000 }).toContain('last answered');
  const theme = () => page.locator('html').getAttribute('data-theme');
  const first = await theme();
  await page.screenshot({ path: join(screenshotDir, `overview-${first}.png`) });

  await page.click('[data-testid="theme-toggle"]');
  const second = first === 'dark' ? 'light' : 'dark';
  expect(await theme()).toBe(second);
  await page.screenshot({ path: join(screenshotDir, `overview-${second}.png`) });

  // The choice survives a reload.
  await page.reload();
  expect(await theme()).toBe(second);
  await page.click('[data-testid="nav-write-behind"]');
  await expect.poll(() => page.locator('main h1').textContent()).toBe('Write-behind');
  await page.close();
});

test('the profile switcher lists the local profile', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  const options = await page.locator('[data-testid="profile-switcher"] option').allTextContents();
  expect(options).toEqual(['Local']);
  await page.close();
});

test('every view runs under serve mode CSP header without a single violation', async () => {
  const page = await browser.context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  // Violations the console does not report on its own (a caught `new Function`) still fire this event.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
    console.error('Refused to load: ' + event.violatedDirective + ' ' + event.blockedURI + ' from ' + event.sourceFile));`);
  const response = await page.goto(serve.url);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  for (const view of ['overview', 'cache', 'write-behind', 'keys']) {
    await page.goto(`${serve.origin}/#/${view}`);
    await page.locator('main h1').waitFor();
    // Charts draw and live data arrives over the WebSocket, both of which the CSP must allow.
    await expect.poll(() => page.locator('[data-testid="link-state"]').textContent()).toContain('live');
    await page.screenshot({ path: join(screenshotDir, `csp-${view}.png`) });
  }
  expect(violations).toEqual([]);
  await page.close();
});
