import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';
import { waitFor } from './wait';

/** The stable id the manifest `key` gives the extension (see manifest.config.ts). */
export const EXTENSION_ID = 'nipfnnhggfaijbpfacionjfcoeegeefh';

export interface LaunchOptions {
  chromiumPath: string;
  extensionDir?: string | undefined;
  hostResolverRules?: string | undefined;
  extraArgs?: string[];
  userDataDir?: string;
  /** Let Chromium fetch policy force-installed extensions (drops --disable-background-networking). */
  allowBackgroundNetworking?: boolean;
}

export interface TestBrowser {
  browser: Browser;
  userDataDir: string;
  close(): Promise<void>;
}

/** Headless Chromium, quiet offline (browser-testing.md), with the built extension loaded. */
export async function launchBrowser(o: LaunchOptions): Promise<TestBrowser> {
  const userDataDir = o.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-profile-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    ...(o.allowBackgroundNetworking ? [] : ['--disable-background-networking']),
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--ignore-certificate-errors',
    '--window-size=1280,900',
    ...(o.hostResolverRules ? [`--host-resolver-rules=${o.hostResolverRules}`] : []),
    ...(o.extensionDir ? [`--load-extension=${o.extensionDir}`, `--disable-extensions-except=${o.extensionDir}`] : []),
    ...(o.extraArgs ?? []),
  ];
  const browser = await puppeteer.launch({
    executablePath: o.chromiumPath,
    headless: true,
    userDataDir,
    args,
    ignoreDefaultArgs: ['--disable-extensions', ...(o.allowBackgroundNetworking ? ['--disable-background-networking'] : [])],
    defaultViewport: { width: 1280, height: 900 },
    protocolTimeout: 60_000,
  });
  return {
    browser,
    userDataDir,
    async close() {
      await browser.close().catch(() => undefined);
      if (!o.userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker, once `chrome` is defined in it. */
export async function extensionWorker(browser: Browser, id = EXTENSION_ID, timeoutMs = 20_000): Promise<WebWorker> {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`), {
    timeout: timeoutMs,
  });
  const worker = (await target.worker())!;
  await waitFor('extension worker', () => worker.evaluate(() => typeof chrome !== 'undefined' && !!chrome.runtime?.id), timeoutMs);
  return worker;
}

/** Wait until the test-build extension has enrolled with its collector and holds its socket open. */
export async function waitForEnrolled(worker: WebWorker, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    'the extension to enrol and connect',
    () =>
      worker.evaluate(async () => {
        const t = (globalThis as any).__esafetyTest;
        await t.ready();
        const s = t.snapshot();
        return s.credentials && s.connected;
      }),
    timeoutMs,
  );
}

/** Navigate and return the URL the tab ends on (after redirects), or the network error. */
export async function landing(page: Page, url: string): Promise<{ url: string; error?: string }> {
  await page.goto('about:blank');
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 15_000 });
    return { url: page.url() };
  } catch (err) {
    const m = /net::ERR_[A-Z_]+/.exec(String(err));
    return { url: page.url(), error: m ? m[0] : String(err) };
  }
}
