import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchBrowser, type TestBrowser } from './browser';
import { CollectorProcess, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from './collector-process';
import { DeviceClient, enrol } from './device-client';
import { SmtpCapture } from './smtp-capture';

export const COORDINATOR_EMAIL = 'esafety.coordinator@school.invalid';

/** Fill in and send the dashboard's sign-in form (shown, or about to be, on `page`). */
export async function signIn(page: Page, email = TEST_ADMIN_EMAIL, password = TEST_ADMIN_PASSWORD): Promise<void> {
  await page.waitForSelector('#login input[name=email]', { timeout: 15_000 });
  await page.type('input[name=email]', email);
  await page.type('input[name=password]', password);
  await page.click('#login button');
}

/**
 * Wait for `ready` on a dashboard page, signing in first if the dashboard asks (a browser that
 * signed in before, or a retried test, goes straight there).
 */
export async function whenSignedIn(page: Page, ready: string): Promise<void> {
  const first = await page.waitForSelector(`#login input[name=email], ${ready}`, { timeout: 15_000 });
  if (await first!.evaluate((e) => e.matches('#login input[name=email]'))) await signIn(page);
  await page.waitForSelector(ready, { timeout: 15_000 });
}

/**
 * What a dashboard test needs: a real collector process serving the built SPA, a real SMTP
 * server catching its e-mail, a headless Chromium, and an enrolled device to send alerts.
 */
export class DashboardStack {
  readonly smtp = new SmtpCapture();
  collector!: CollectorProcess;
  tb!: TestBrowser;
  device!: DeviceClient;
  readonly downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-downloads-'));

  async start(o: { chromiumPath: string; dashboardDir: string; deviceName?: string; deviceGroup?: string }): Promise<this> {
    await this.smtp.start();
    this.collector = new CollectorProcess({
      env: { DASHBOARD_DIR: o.dashboardDir, SMTP_URL: this.smtp.url, ESAFETY_COORDINATOR_EMAIL: COORDINATOR_EMAIL, LOG_LEVEL: 'error' },
    });
    await this.collector.start();
    this.tb = await launchBrowser({ chromiumPath: o.chromiumPath });
    this.device = await new DeviceClient(this.collector.url, await enrol(this.collector.url, { name: o.deviceName ?? 'Y5-Chromebook-07', ...(o.deviceGroup ? { group: o.deviceGroup } : {}) })).open();
    return this;
  }

  /** A new tab signed in through the sign-in form, the way staff do it. */
  async signedInPage(email = TEST_ADMIN_EMAIL, password = TEST_ADMIN_PASSWORD, opts: { ownContext?: boolean } = {}): Promise<Page> {
    // Another member of staff gets their own browser context (their own cookie jar).
    const page = opts.ownContext ? await (await this.tb.browser.createBrowserContext()).newPage() : await this.tb.browser.newPage();
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: this.downloads });
    await page.goto(this.collector.url, { waitUntil: 'domcontentloaded' });
    await signIn(page, email, password);
    await page.waitForSelector('header.top', { timeout: 15_000 });
    return page;
  }

  async stop(): Promise<void> {
    this.device?.close();
    await this.tb?.close();
    await this.collector?.stop();
    this.collector?.cleanup();
    await this.smtp.stop();
    fs.rmSync(this.downloads, { recursive: true, force: true });
  }
}

/** Screenshots of the main screens go to docs/screenshots when SAVE_SCREENSHOTS=1, else a temp folder. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.SAVE_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots') : path.join(os.tmpdir(), 'esafety-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  return file;
}
