import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

const SHOTS = process.env.ESAFETY_SCREENSHOTS ?? path.join(os.tmpdir(), 'esafety-screenshots');
const page$ = (name: string) => `chrome-extension://${EXTENSION_ID}/pages/${name}`;

/** What a pupil and a teacher see: the block page, the popup and the new-tab page. */
describe('search pages a person sees', () => {
  const sites = new FakeSites();
  const managed = new ManagedPolicy();
  let tb: TestBrowser;
  let worker: WebWorker;
  let page: Page;

  const visible = (sel: string) => page.$eval(sel, (e) => !(e as HTMLElement).hidden && getComputedStyle(e).display !== 'none');
  const text = (sel: string) => page.$eval(sel, (e) => (e as HTMLElement).innerText);

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await sites.start();
    await managed.acquire();
    managed.writeExtensionConfig(EXTENSION_ID, { role: 'pupil', deviceName: 'Y2-PC-11' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    worker = await extensionWorker(tb.browser);
    const doc = defaultPolicy({ id: 'pendragon', name: 'Pendragon Primary' });
    doc.version = 3;
    doc.groups.pupil!.search.engine = 'kidrex';
    await worker.evaluate(async (d) => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      await t.setPolicy(d, 'pupil');
    }, doc as never);
    page = await tb.browser.newPage();
    await page.setViewport({ width: 1000, height: 760 });
  }, 600_000);

  afterAll(async () => {
    await tb?.close();
    managed.releaseLock();
    await sites.stop();
  });

  it('the search block page says why, what to do, and offers the school engine and "Report a concern"', async () => {
    await landing(page, 'https://www-google-com.translate.goog/search?q=anything');
    expect(page.url()).toBe(page$('block.html?reason=search'));
    await waitFor('the engine link', () => visible('#search-again'));
    expect(await text('h1')).toBe("Let's search somewhere safer");
    expect(await text('#search-again')).toBe('Search safely on KidRex');
    expect(await page.$eval('#search-again', (a) => (a as HTMLAnchorElement).href)).toBe('https://www.kidrex.org/');
    expect(await visible('#concern')).toBe(false);
    expect(await page.$eval('body', (b) => getComputedStyle(b).fontSize)).toBe('16px');
    await page.screenshot({ path: path.join(SHOTS, 'search-block-page.png') });

    await page.click('#report');
    expect(await visible('#concern')).toBe(true);
    await page.type('#concern-text', 'Someone sent me a <b>scary</b> video');
    await page.screenshot({ path: path.join(SHOTS, 'search-block-report.png') });
    await page.click('#concern button[type=submit]');
    await waitFor('the thank-you note', () => visible('#concern-sent'));
    const concern = await waitFor('the concern in the outbox', async () => {
      const all = (await worker.evaluate(() => chrome.storage.local.get(null))) as Record<string, { event?: { type: string; message?: string; url?: string } }>;
      return Object.values(all).find((v) => v.event?.type === 'concern')?.event;
    });
    expect(concern.message).toBe('Someone sent me a <b>scary</b> video');
    expect(concern.url).toBe(page$('block.html?reason=search'));
    await page.screenshot({ path: path.join(SHOTS, 'search-block-sent.png') });
  });

  it('the block page keeps other features\' reasons (board, suspended) and a kind default', async () => {
    await page.goto(page$('block.html?reason=suspended'));
    expect(await text('h1')).toBe('The internet is paused for you right now');
    expect(await visible('#search-again')).toBe(false);
    await page.goto(page$('block.html?reason=board'));
    expect(await text('h1')).toBe('Not while the class is watching');
    await page.goto(page$('block.html?reason=<img src=x onerror=alert(1)>'));
    expect(await text('h1')).toBe("This page isn't available at school");
  });

  it('the popup shows enrolled, role, engine and last sync', async () => {
    await page.setViewport({ width: 400, height: 560 });
    await page.goto(page$('popup.html'));
    await waitFor('status rows', async () => (await text('#status')).includes('Search'));
    const status = await text('#status');
    expect(status).toMatch(/Enrolled\s+Not yet/);
    expect(status).toMatch(/Role\s+Pupil \(group pupil\)/);
    expect(status).toMatch(/Search\s+KidRex \(searches go here\)/);
    expect(status).toMatch(/Last sync\s+\d{2}\/\d{2}\/\d{4}/);
    await page.screenshot({ path: path.join(SHOTS, 'search-popup.png') });
  });

  it('the new tab page searches the school engine', async () => {
    await page.setViewport({ width: 1000, height: 700 });
    await page.goto(page$('newtab.html'));
    await waitFor('the engine note', async () => (await text('#engine-note')).includes('KidRex'));
    await page.screenshot({ path: path.join(SHOTS, 'search-newtab.png') });
    await page.type('#q', 'how do bees make honey?');
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.keyboard.press('Enter')]);
    expect(page.url()).toBe('https://www.kidrex.org/results/?q=how%20do%20bees%20make%20honey%3F');
  });
});
