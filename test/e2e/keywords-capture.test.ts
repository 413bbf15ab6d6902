import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { landing } from '../support/browser';
import { ChromebookUnderTest, type AlertJson } from '../support/chromebook';
import { CollectorProcess } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { waitFor } from '../support/wait';

/**
 * Keyword capture the way a pupil meets it: typing in a text box, a rich-text editor, an
 * editor inside an iframe, and a search in the address bar, in a real Chromium with the
 * built extension, against a real collector. Text is scanned at a pause, on leaving the box
 * or on submitting; ordinary writing never alerts.
 */
describe('keyword capture in the browser', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess();
  const device = new ChromebookUnderTest(sites, collector);
  let page: Page;

  const alerts = () => device.alerts();
  const alertFor = (what: string, pred: (a: AlertJson) => boolean, ms = 20_000) => waitFor(what, async () => (await alerts()).find(pred), ms);

  beforeAll(async () => {
    sites.on((_req, url) => {
      if (url.pathname !== '/editor-frame') return undefined;
      // A TinyMCE-style editor: a contenteditable body inside a srcdoc iframe.
      const inner = '<!doctype html><html><body id="inner" contenteditable="true" style="min-height:4em"></body></html>';
      return { body: `<!doctype html><html><head><title>Class blog</title></head><body><h1>New post</h1><iframe id="frame" srcdoc='${inner}'></iframe><input id="after"></body></html>` };
    });
    await device.start({ deviceName: 'Y5-Chromebook-03', signIn: true });
    page = device.page;
  });

  afterAll(() => device.stop());

  it('a flagged phrase in a textarea reaches the collector with term, category, severity, context, page and device', async () => {
    const typedAt = Date.now();
    await landing(page, 'https://homework.example.org/english');
    const before = 'We had to write about our weekend and honestly ';
    await page.type('#text', `${before}nobody likes you Sam`);
    await page.click('#search'); // leaving the box
    const a = await alertFor('the textarea alert', (x) => x.term === 'nobody likes you' && !!x.url?.includes('/english'));
    expect(a).toMatchObject({ kind: 'keyword', category: 'bullying', severity: 3, url: 'https://homework.example.org/english', title: 'homework.example.org', ip: '127.0.0.1' });
    expect(a.context!.slice(a.matchStart!, a.matchEnd!)).toBe('nobody likes you');
    expect(a.context).toBe(`${before}nobody likes you Sam`);
    expect(a.deviceId).toMatch(/^dev_/);
    expect(Date.parse(a.at)).toBeGreaterThanOrEqual(typedAt - 1000);
    expect(a.hasScreenshot).toBe(false); // screenshots are off by default policy
  });

  it('a disguised phrase in a contenteditable editor is caught after a pause, without leaving it', async () => {
    await landing(page, 'https://docs.example.org/story');
    await page.click('#editor');
    await page.keyboard.type('My story. I want to k1ll   mys3lf today');
    // No blur, no Enter: the pause alone sends the text (about 1 s).
    const a = await alertFor('the editor alert', (x) => x.term === 'kill myself' && !!x.url?.includes('docs.example.org'));
    expect(a).toMatchObject({ category: 'suicide', severity: 5 });
    // Editors type runs of spaces as no-break spaces; the span is what the pupil typed.
    expect(a.context!.slice(a.matchStart!, a.matchEnd!).replace(/\u00a0/g, ' ')).toBe('k1ll   mys3lf');
  });

  it('keeps only about 60 characters either side of the match, never the whole text', async () => {
    await landing(page, 'https://homework.example.org/long');
    const filler = 'the quick brown fox jumps over the lazy dog and ';
    await page.$eval('#text', (el, v) => ((el as HTMLTextAreaElement).value = v), `${filler.repeat(5)}I want to buy a gun from someone ${filler.repeat(5)}`);
    await page.type('#text', ' ok');
    await page.click('#search');
    const a = await alertFor('the long-text alert', (x) => x.term === 'buy a gun');
    expect(a.context!.length).toBeLessThanOrEqual(60 + 'buy a gun'.length + 60);
    expect(a.context!.slice(a.matchStart!, a.matchEnd!)).toBe('buy a gun');
  });

  it('an editor inside an iframe (about:srcdoc) is captured too', async () => {
    await landing(page, 'https://blog.example.org/editor-frame');
    const frame = await waitFor('the editor frame', async () => page.frames().find((f) => f.url() === 'about:srcdoc'));
    await frame.click('#inner');
    await page.keyboard.type('everyone says I should send nudes to him');
    await page.click('#after');
    const a = await alertFor('the iframe editor alert', (x) => x.term === 'send nudes');
    expect(a).toMatchObject({ category: 'exploitation', severity: 5 });
  });

  it('a search made in the address bar is scanned from the results page address', async () => {
    await landing(page, 'https://search.example.org/results?q=how+to+make+a+bomb');
    const a = await alertFor('the search alert', (x) => x.term === 'how to make a bomb');
    expect(a).toMatchObject({ category: 'extremism', severity: 5 });
    expect(a.url).toContain('search.example.org/results');
  });

  it('ordinary writing, traps and allow-phrases never alert', async () => {
    await landing(page, 'https://homework.example.org/benign');
    await page.type('#text', 'We drove through Scunthorpe to Sussex. The therapist had a cocktail and a grape. We killed time and took a photo shoot. Dad used the skillet.');
    await page.click('#editor');
    await page.keyboard.type('I am dying to see the assassin bug video we are going to shoot a video of it.');
    await page.click('#search');
    // Then something that must alert on the same page: once it has arrived, the benign
    // text (sent earlier, through the same path) has certainly been scanned.
    await page.type('#search', 'online casino');
    await page.keyboard.press('Enter');
    await alertFor('the marker alert after the benign text', (x) => x.term === 'online casino');
    await new Promise((r) => setTimeout(r, 1500));
    const fromBenign = (await alerts()).filter((x) => x.url?.includes('/benign') && x.term !== 'online casino');
    expect(fromBenign).toEqual([]);
  });

  it('with screenshot evidence switched on by policy, a severity ≥ 4 alert carries a picture of the tab', async () => {
    const { policy: doc } = await collector.api<{ policy: { keywords: Record<string, unknown>; version: number } }>('GET', '/api/policy');
    await collector.api('PUT', '/api/policy', { policy: { ...doc, keywords: { ...doc.keywords, screenshotMinSeverity: 4 } }, reason: 'evidence for serious alerts' });
    await waitFor('the device to receive the policy', () => device.worker.evaluate(() => (globalThis as any).__esafetyTest.snapshot().effective.keywords.screenshotMinSeverity === 4), 30_000);
    await page.bringToFront();
    await landing(page, 'https://homework.example.org/evidence');
    await page.type('#text', 'he said he will stab you after school');
    await page.click('#search');
    const a = await alertFor('the alert with a screenshot', (x) => x.term === 'stab you');
    expect(a.severity).toBe(5);
    expect(a.hasScreenshot).toBe(true);
    const res = await fetch(`${collector.url}/api/dashboard/alerts/${encodeURIComponent(a.id)}/screenshot`, { headers: { cookie: (collector as any).cookie } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]); // JPEG
  });
});
