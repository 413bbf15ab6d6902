import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { landing } from '../support/browser';
import { ChromebookUnderTest } from '../support/chromebook';
import { CollectorProcess } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { waitFor } from '../support/wait';

const SHOTS = process.env.ESAFETY_SCREENSHOT_DIR;

/**
 * "Report a concern" as a pupil uses it: the button in the corner of any page, a short form
 * (optional message, optional picture of the page), and the concern at the collector with
 * its screenshot.
 */
describe('Report a concern', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess();
  const device = new ChromebookUnderTest(sites, collector);
  let page: Page;

  const alerts = () => device.alerts();

  /** The button is in a closed shadow root: find it the way a pupil does, in the corner. */
  async function concernButtonAt(p: Page): Promise<{ x: number; y: number }> {
    return waitFor('the Report a concern button', () =>
      p.evaluate(() => {
        const x = 40;
        const y = innerHeight - 28;
        const hit = document.elementFromPoint(x, y);
        return hit?.getAttribute('data-esafety') === 'concern' ? { x, y } : null;
      }),
    );
  }

  beforeAll(async () => {
    await device.start({ deviceName: 'Y6-Chromebook-21', signIn: true });
    page = device.page;
  });

  afterAll(() => device.stop());

  it('sends a concern with the message and a picture of the page to the collector', async () => {
    await landing(page, 'https://games.example.org/chat');
    await page.$eval('#where', (h) => (h.textContent = 'Chat: a stranger keeps asking where I live'));
    const at = await concernButtonAt(page);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'concern-button.png') });
    await page.mouse.click(at.x, at.y);
    // The form opens with the message box focused: type, then Tab to "Send a picture", Tab to Send.
    await page.keyboard.type('Someone in this game chat keeps asking for my address');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'concern-form.png') });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const concern = await waitFor('the concern at the collector', async () => (await alerts()).find((a) => a.kind === 'concern'), 20_000);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'concern-sent.png') });
    expect(concern).toMatchObject({ severity: 4, url: 'https://games.example.org/chat', title: 'games.example.org', hasScreenshot: true });
    expect(concern.context).toBe('Someone in this game chat keeps asking for my address');
    expect(concern.deviceId).toMatch(/^dev_/);
    const res = await fetch(`${collector.url}/api/dashboard/alerts/${encodeURIComponent(concern.id)}/screenshot`, { headers: { cookie: (collector as any).cookie } });
    expect(res.status).toBe(200);
    const jpeg = Buffer.from(await res.arrayBuffer());
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'concern-evidence.jpg'), jpeg);
    // The message typed into the form is the concern, not "typing" to scan.
    expect((await alerts()).filter((a) => a.kind === 'keyword' && a.url?.includes('games.example.org'))).toEqual([]);
  });

  it('a concern without a message or a picture still goes', async () => {
    await landing(page, 'https://video.example.org/watch');
    const before = (await alerts()).filter((a) => a.kind === 'concern').length;
    const at = await concernButtonAt(page);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('Tab'); // to the "Send a picture" box
    await page.keyboard.press('Space'); // untick it
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const c = await waitFor('the second concern', async () => {
      const all = (await alerts()).filter((a) => a.kind === 'concern');
      return all.length > before ? all.find((a) => a.url === 'https://video.example.org/watch') : undefined;
    });
    expect(c.hasScreenshot).toBe(false);
    expect(c.context).toBeNull();
  });
});
