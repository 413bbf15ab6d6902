import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { BOARD_PAGE, boardHook, boardPageText, changePolicy } from '../support/board-e2e';
import { addBoardSites, APPROVED, VIDEO } from '../support/board-sites';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

/**
 * Seed 002 on a teacher's Chromebook: plugging in the board (a second display, driven through
 * the fake display source, since headless Chromium reports one display) closes YouTube in
 * every form and open search; ViewPure and teaching sites keep working; unplugging restores.
 */
describe('board mode follows the display', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess();
  const policy = new ManagedPolicy();
  let tb: TestBrowser;
  let worker: WebWorker;
  let page: Page;

  const reached = (host: string, since: number, path = '') => sites.requests.filter((r) => r.host === host && r.at >= since && r.url.includes(path));

  beforeAll(async () => {
    addBoardSites(sites);
    await Promise.all([sites.start(), collector.start()]);
    await policy.acquire();
    policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Class-4-Chromebook', role: 'staff' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    worker = await extensionWorker(tb.browser);
    await waitFor('the extension to enrol and connect', () => worker.evaluate(async () => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      return t.snapshot().connected && t.snapshot().effective.role === 'staff';
    }), 30_000);
    await collector.signIn();
    await changePolicy(collector, worker, (doc) => {
      doc.board.approvedVideos = [APPROVED];
    });
    page = await tb.browser.newPage();
  });

  afterAll(async () => {
    await tb?.close();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('ships without the display fake: the production build reads chrome.system.display', () => {
    const dir = inject('extensionProdDir');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toContain('system.display');
    expect(manifest.web_accessible_resources[0].resources).toContain('pages/board.html');
    const js = fs.readdirSync(path.join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(dir, 'assets', f), 'utf8')).join('\n');
    expect(js).toContain('onDisplayChanged');
    expect(js).not.toContain('setProjecting');
    expect(js).not.toContain('__esafetyTest');
  });

  it('leaves YouTube alone while nothing is projecting', async () => {
    expect(await boardHook(worker, 'status')).toMatchObject({ on: false });
    expect(await landing(page, `https://www.youtube.com/watch?v=${VIDEO}`)).toEqual({ url: `https://www.youtube.com/watch?v=${VIDEO}` });
  });

  it('moves an already-open YouTube tab to the board page when the board is plugged in', async () => {
    const open = await tb.browser.newPage();
    await landing(open, `https://m.youtube.com/watch?v=${VIDEO}`);
    expect(await boardHook(worker, 'setProjecting', true)).toBe(true);
    await waitFor('the open YouTube tab to be moved', () => open.url().startsWith(BOARD_PAGE) || null, 5_000);
    expect(open.url()).toBe(`${BOARD_PAGE}?why=youtube#https://m.youtube.com/watch?v=${VIDEO}`);
    await open.close();
    expect(await boardHook(worker, 'status')).toMatchObject({ on: true, reason: 'display' });
  });

  it.each([
    `https://www.youtube.com/watch?v=${VIDEO}&t=30s`,
    `https://youtube.com/shorts/${VIDEO}`,
    `https://youtu.be/${VIDEO}`,
    `https://music.youtube.com/watch?v=${VIDEO}`,
    `https://www.youtube-nocookie.com/embed/${VIDEO}`,
    `https://yewtu.be/watch?v=${VIDEO}`,
    `https://piped.video/watch?v=${VIDEO}`,
  ])('shows the board page with Open in ViewPure for %s, and YouTube never sees it', async (url) => {
    const since = Date.now();
    const { url: landed, error } = await landing(page, url);
    expect(error).toBeUndefined();
    expect(landed).toBe(`${BOARD_PAGE}?why=youtube#${url}`);
    const text = await boardPageText(page);
    expect(text.headline).toBe('YouTube is paused while the board is projecting');
    expect(text.viewPure).toBe(`https://viewpure.com/${VIDEO}`);
    expect(text.why).toBe('Board mode is on because a board or second screen is attached.');
    expect(reached(new URL(url).hostname, since)).toEqual([]);
  });

  it('lists approved videos (escaped) and plays one in the embed player', async () => {
    await landing(page, `https://youtu.be/${VIDEO}`);
    const text = await boardPageText(page);
    expect(text.videos).toEqual([`▶ ${APPROVED.title} -> https://www.youtube-nocookie.com/embed/${APPROVED.id}`]);
    await page.screenshot({ path: '/tmp/board-page.png' });
    const since = Date.now();
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#videos a')]);
    expect(page.url()).toBe(`https://www.youtube-nocookie.com/embed/${APPROVED.id}`);
    await waitFor('the approved video to stream', async () => (await page.title()) === 'streamed' || null, 10_000);
    expect(reached('rr1---sn-fake.googlevideo.com', since)).toHaveLength(1);
  });

  it('Open in ViewPure opens the same video, and ViewPure\'s player streams', async () => {
    await landing(page, `https://www.youtube.com/watch?v=${VIDEO}`);
    const since = Date.now();
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#viewpure')]);
    expect(page.url()).toBe(`https://viewpure.com/${VIDEO}`);
    const player = await waitFor('the ViewPure player frame', () => page.frames().find((f) => f.url().startsWith('https://www.youtube.com/embed/')), 5_000);
    await waitFor('the player to stream', async () => (await player.title()) === 'streamed' || null, 10_000);
    expect(reached('www.youtube.com', since, `/embed/${VIDEO}`)).toHaveLength(1);
    expect(reached('rr1---sn-fake.googlevideo.com', since)).toHaveLength(1);
    // The thumbnail is an <img> on ViewPure's own page: it loads alongside the player, not
    // before it streams, so wait for it to arrive rather than assume it already has.
    await waitFor('the ViewPure thumbnail to load from i.ytimg.com', () => reached('i.ytimg.com', since).length > 0 || null, 5_000);
    expect(reached('i.ytimg.com', since)).toHaveLength(1);
  });

  it('closes a YouTube embed inside another page, and its stream', async () => {
    const since = Date.now();
    await landing(page, 'https://homework.example.org/lesson');
    const frame = await waitFor('the embed frame', () => page.frames().find((f) => f.url().startsWith(BOARD_PAGE)), 5_000);
    expect(frame.url()).toBe(`${BOARD_PAGE}?why=youtube#https://www.youtube-nocookie.com/embed/${VIDEO}`);
    expect(reached('www.youtube-nocookie.com', since)).toEqual([]);
    const stream = await page.evaluate(() =>
      fetch('https://rr1---sn-fake.googlevideo.com/videoplayback?id=x', { mode: 'no-cors' }).then(() => 'streamed', (e) => `blocked: ${e}`),
    );
    expect(stream).toMatch(/^blocked/);
  });

  it.each([
    'https://www.bbc.co.uk/bitesize/topics/zkcqn39',
    'https://www.thenational.academy/pupils/lessons/volcanoes',
    'https://www.purplemash.com/',
    'https://docs.google.com/presentation/d/abc/edit',
    'https://scratch.mit.edu/projects/123',
    'https://play.ttrockstars.com/',
    `https://viewpure.com/${VIDEO}`,
  ])('keeps the teaching site %s reachable', async (url) => {
    expect(await landing(page, url)).toEqual({ url });
  });

  it('sends open Google search to the kid-safe engine while projecting (policy: redirect)', async () => {
    const since = Date.now();
    expect(await landing(page, 'https://www.google.com/search?q=volcanoes')).toEqual({ url: 'https://www.kiddle.co/s.php?q=volcanoes' });
    expect(reached('www.google.com', since)).toEqual([]);
  });

  it('blocks open search instead where policy says block', async () => {
    await changePolicy(collector, worker, (doc) => {
      doc.groups.staff!.board.search = 'block';
    });
    const { url } = await landing(page, 'https://www.bing.com/search?q=volcanoes');
    expect(url).toBe(`${BOARD_PAGE}?why=search#https://www.bing.com/search?q=volcanoes`);
    expect((await boardPageText(page)).headline).toBe('Web search is paused while the board is projecting');
  });

  it('restores YouTube and search when the board is unplugged, and says so on an open board page', async () => {
    const boardTab = await tb.browser.newPage();
    await landing(boardTab, `https://youtu.be/${VIDEO}`);
    expect(await boardHook(worker, 'setProjecting', false)).toBe(true);
    await boardTab.waitForSelector('#off-note:not([hidden])', { timeout: 5_000 });
    expect(await boardTab.$eval('#back', (a) => (a as HTMLAnchorElement).href)).toBe(`https://youtu.be/${VIDEO}`);
    await boardTab.close();
    expect(await landing(page, `https://www.youtube.com/watch?v=${VIDEO}`)).toEqual({ url: `https://www.youtube.com/watch?v=${VIDEO}` });
    // Back to this staff device's everyday search rule: Bing with SafeSearch forced.
    expect(await landing(page, 'https://www.bing.com/search?q=volcanoes')).toEqual({ url: 'https://www.bing.com/search?q=volcanoes&adlt=strict' });
    expect(await landing(page, 'https://homework.example.org/lesson')).toEqual({ url: 'https://homework.example.org/lesson' });
    await waitFor('the lesson embed to load from YouTube again', () => page.frames().some((f) => f.url() === `https://www.youtube-nocookie.com/embed/${VIDEO}`) || null, 5_000);
  });

  it('a mirrored display counts as projecting too', async () => {
    expect(await boardHook(worker, 'setProjecting', true, true)).toBe(true);
    expect((await landing(page, `https://youtu.be/${VIDEO}`)).url.startsWith(BOARD_PAGE)).toBe(true);
    expect(await boardHook(worker, 'setProjecting', false)).toBe(true);
  });
});
