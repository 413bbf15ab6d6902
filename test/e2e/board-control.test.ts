import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { BOARD_PAGE, boardHook, changePolicy } from '../support/board-e2e';
import { addBoardSites, VIDEO } from '../support/board-sites';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

interface TimelineEntry {
  type: string;
  at: string;
  detail: { on: boolean; reason: string; by?: string };
}

const POPUP = `chrome-extension://${EXTENSION_ID}/pages/popup.html`;

/**
 * Who else switches board mode: the teacher from the extension's popup (where policy lets
 * them), and the DSL/IT from the collector. Every switch reaches the collector's timeline.
 */
describe('board mode: teacher toggle, collector command, timeline', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess();
  const policy = new ManagedPolicy();
  let tb: TestBrowser;
  let worker: WebWorker;
  let page: Page;
  let popup: Page;
  let deviceId: string;

  const youtubeBlocked = async () => (await landing(page, `https://www.youtube.com/watch?v=${VIDEO}`)).url.startsWith(BOARD_PAGE);
  const status = () => boardHook<{ on: boolean; reason: string; by?: string }>(worker, 'status');
  const popupState = async () => {
    await popup.reload({ waitUntil: 'domcontentloaded' });
    await popup.waitForFunction(() => !!document.getElementById('board-state')?.textContent, { polling: 200 });
    return popup.evaluate(() => {
      const b = document.getElementById('board-toggle') as HTMLButtonElement;
      return { state: document.getElementById('board-state')!.textContent, button: b.textContent, disabled: b.disabled };
    });
  };
  const clickToggle = async () => {
    await popup.click('#board-toggle');
    await popup.waitForFunction(() => !(document.getElementById('board-toggle') as HTMLButtonElement).disabled || !document.getElementById('board-message')!.hidden, { polling: 200 });
  };
  const timeline = () => collector.api<{ timeline: TimelineEntry[] }>('GET', `/api/devices/${deviceId}/timeline?type=board_change`).then((r) => r.timeline);

  beforeAll(async () => {
    addBoardSites(sites);
    await Promise.all([sites.start(), collector.start()]);
    await policy.acquire();
    policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Class-6-Teacher', role: 'staff' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    worker = await extensionWorker(tb.browser);
    deviceId = await waitFor('the extension to enrol and connect', () => worker.evaluate(async () => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      const s = t.snapshot();
      return s.connected && s.effective.role === 'staff' ? (s.credentials.deviceId as string) : null;
    }), 30_000);
    await collector.signIn();
    page = await tb.browser.newPage();
    popup = await tb.browser.newPage();
    await popup.goto(POPUP, { waitUntil: 'domcontentloaded' });
  });

  afterAll(async () => {
    await tb?.close();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('a teacher switches board mode on early from the popup, and off again', async () => {
    expect(await popupState()).toEqual({ state: 'Off', button: 'Switch board mode on', disabled: false });
    await clickToggle();
    expect(await status()).toMatchObject({ on: true, reason: 'teacher' });
    expect(await popup.$eval('#board-state', (e) => e.textContent)).toBe('On: switched by a teacher. YouTube and open search are paused.');
    await popup.screenshot({ path: '/tmp/board-popup.png' });
    expect(await youtubeBlocked()).toBe(true);
    await clickToggle();
    expect(await status()).toMatchObject({ on: false, reason: 'teacher' });
    expect(await youtubeBlocked()).toBe(false);
  });

  it('a teacher cannot switch it off while the board is projecting where policy forbids', async () => {
    await boardHook(worker, 'setProjecting', true);
    expect(await popupState()).toEqual({ state: 'On: a board is attached. YouTube and open search are paused.', button: 'Switch board mode off', disabled: true });
    const reply = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'board-toggle', on: false }));
    expect(reply).toMatchObject({ accepted: false, message: "The school's policy keeps board mode on while the board is projecting." });
    expect(await youtubeBlocked()).toBe(true);
  });

  it('where policy allows, the teacher can switch it off while projecting', async () => {
    await changePolicy(collector, worker, (doc) => {
      doc.groups.staff!.board.teacherCanSwitchOff = true;
    });
    expect((await popupState()).disabled).toBe(false);
    await clickToggle();
    expect(await status()).toMatchObject({ on: false, reason: 'teacher' });
    expect(await youtubeBlocked()).toBe(false);
    await boardHook(worker, 'setProjecting', false);
  });

  it('the DSL switches board mode on from the collector; the teacher cannot undo it; "automatic" hands back', async () => {
    const { staff } = await collector.api<{ staff: { name: string } }>('GET', '/api/session');
    const sent = await collector.api<{ delivered: boolean }>('POST', `/api/devices/${deviceId}/command`, { kind: 'board', on: true });
    expect(sent.delivered).toBe(true);
    await waitFor('board mode on by command', async () => (await status()).on || null, 5_000);
    expect(await status()).toMatchObject({ on: true, reason: 'collector', by: staff.name });
    expect(await youtubeBlocked()).toBe(true);
    await waitFor('the device list to show board mode on', async () => {
      const { devices } = await collector.api<{ devices: { id: string; boardOn: boolean }[] }>('GET', '/api/devices');
      return devices.find((d) => d.id === deviceId)?.boardOn || null;
    }, 10_000);
    const reply = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'board-toggle', on: false }));
    expect(reply).toMatchObject({ accepted: false, message: `Board mode was set on by ${staff.name} from the dashboard.` });
    await collector.api('POST', `/api/devices/${deviceId}/command`, { kind: 'board-auto' });
    await waitFor('board mode back to automatic (off)', async () => !(await status()).on || null, 5_000);
    expect(await youtubeBlocked()).toBe(false);
  });

  it('every switch reaches the collector and shows in the device timeline: on/off, why, by whom', async () => {
    const { staff } = await collector.api<{ staff: { name: string } }>('GET', '/api/session');
    const entries = await waitFor('all board switches at the collector', async () => {
      const t = await timeline();
      return t.length >= 6 ? t : null;
    }, 20_000);
    const story = entries
      .slice()
      .reverse()
      .map((e) => `${e.detail.on ? 'on' : 'off'} ${e.detail.reason}${e.detail.reason === 'collector' ? ` ${e.detail.by}` : ''}`);
    expect(story).toEqual(['on teacher', 'off teacher', 'on display', 'off teacher', `on collector ${staff.name}`, 'off display']);
    expect(entries.every((e) => e.type === 'board_change')).toBe(true);
  });

  it('a device in a designated board group is always in board mode, and the teacher cannot switch it off', async () => {
    await changePolicy(collector, worker, (doc) => {
      doc.groups.staff!.board.designated = true;
      doc.groups.staff!.board.teacherCanSwitchOff = false;
    });
    await waitFor('board mode on (designated)', async () => (await status()).on || null, 5_000);
    expect(await status()).toMatchObject({ on: true, reason: 'designated' });
    expect(await popupState()).toEqual({ state: 'On: this is a board PC. YouTube and open search are paused.', button: 'Switch board mode off', disabled: true });
    expect(await youtubeBlocked()).toBe(true);
  });
});
