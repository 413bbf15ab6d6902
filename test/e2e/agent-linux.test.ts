import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { reloadPolicies, startAgentForBrowser, type AgentUnderTest } from '../support/agent-e2e';
import { BOARD_PAGE } from '../support/board-e2e';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { MANAGED_POLICY_DIR, ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

const PROBE = path.resolve(import.meta.dirname, '../fixtures/agent/search-probe');
const POLICY_FILE = path.join(MANAGED_POLICY_DIR, 'esafety-agent.json');

/**
 * The endpoint agent on Linux, end to end: it writes Chromium's managed policy and registers
 * its native messaging host; the system Chromium obeys the policy on its own, and with the
 * extension loaded the agent switches board mode in the browser through native messaging.
 */
describe('agent (Linux adapter) with the system Chromium', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess();
  const lock = new ManagedPolicy('esafety-agent-e2e-lock');
  let a: AgentUnderTest;

  beforeAll(async () => {
    await Promise.all([sites.start(), collector.start()]);
    await lock.acquire();
    a = await startAgentForBrowser({ collectorUrl: collector.url, token: TEST_ENROLMENT_TOKEN });
    await waitFor('the agent to enrol', async () => a.agent.deviceId && a.agent.outbox.depth === 0, 20_000);
  }, 11 * 60_000); // the machine-wide policy lock may be held by another run for minutes

  afterAll(async () => {
    await a?.stop();
    lock.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  describe('policy alone (no e-safety extension)', () => {
    let tb: TestBrowser;
    let page: Page;
    let probe: WebWorker;

    beforeAll(async () => {
      tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: PROBE, hostResolverRules: sites.hostResolverRules });
      const target = await tb.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/worker.js'), { timeout: 20_000 });
      probe = (await target.worker())!;
      await waitFor('probe worker', () => probe.evaluate(() => typeof chrome !== 'undefined' && !!chrome.search));
      page = await tb.browser.newPage();
    });
    afterAll(async () => {
      await tb?.close();
    });

    it('blocks a direct Google search by policy', async () => {
      const before = sites.requestsTo('www.google.com').length;
      const r = await landing(page, 'https://www.google.com/search?q=volcanoes');
      expect(r.error).toBe('net::ERR_BLOCKED_BY_ADMINISTRATOR');
      expect(sites.requestsTo('www.google.com').slice(before)).toEqual([]);
    });

    it('makes the kid-safe engine the default search provider (chrome.search.query)', async () => {
      const before = sites.requestsTo('www.kiddle.co').length;
      await probe.evaluate(() => chrome.search.query({ text: 'volcanoes', disposition: 'NEW_TAB' }));
      const hit = await waitFor('the default-provider search to reach Kiddle', async () => sites.requestsTo('www.kiddle.co').slice(before).find((r) => r.url.includes('/s.php')), 10_000);
      expect(hit.url).toBe('https://www.kiddle.co/s.php?q=volcanoes');
    });
  });

  describe('with the e-safety extension connected over native messaging', () => {
    let tb: TestBrowser;
    let page: Page;
    let worker: WebWorker;
    const board = () => worker.evaluate(async () => (globalThis as any).__esafetyTest.board.status().on as boolean);

    beforeAll(async () => {
      tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
      worker = await extensionWorker(tb.browser);
      await worker.evaluate(async () => (globalThis as any).__esafetyTest.ready());
      await waitFor('the extension to connect to the agent', async () => a.agent.bridge.connections > 0 && a.agent.bridge.extensionVersion, 20_000);
      page = await tb.browser.newPage();
    });
    const policyFile = () => JSON.parse(fs.readFileSync(POLICY_FILE, 'utf8')) as { URLBlocklist?: string[] };
    afterAll(async () => {
      await tb?.close();
    });

    it('leaves search pages to the extension once it has connected, and a Google search lands on the kid-safe engine', async () => {
      // Chromium applies URLBlocklist before any extension sees a request: with the extension
      // present the agent stops blocking search pages so the extension can redirect them.
      await waitFor('the agent to rewrite policy without the search blocklist', async () => !(policyFile().URLBlocklist ?? []).some((f) => f.includes('google.com/search')), 5_000);
      await reloadPolicies(tb.browser);
      const r = await landing(page, 'https://www.google.com/search?q=volcanoes');
      expect(r.error).toBeUndefined();
      expect(r.url).toBe('https://www.kiddle.co/s.php?q=volcanoes');
    });

    it('learns the Windows user from the agent', async () => {
      const user = await waitFor('the user from the agent', () => worker.evaluate(() => (globalThis as any).__esafetyTest.snapshot().user as string | undefined), 5_000);
      expect(user).toBe('SCHOOL\\y5pupil');
    });

    it('blocks YouTube when the PC starts projecting, and restores it when it stops', async () => {
      expect((await landing(page, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ')).url).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
      const t0 = Date.now();
      a.display.set(true);
      await waitFor('board mode on in the extension', board, 5_000, 10);
      const ms = Date.now() - t0;
      console.log(`[agent e2e] display change -> board mode in force in the extension: ${ms} ms (target 1000 ms; measured, not asserted)`);
      expect((await landing(page, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ')).url.startsWith(BOARD_PAGE)).toBe(true);
      // The written policy holds the same block as the baseline without the extension.
      expect(policyFile().URLBlocklist).toContain('youtube.com');
      a.display.set(false);
      await waitFor('board mode off in the extension', async () => !(await board()), 5_000, 10);
      expect((await landing(page, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ')).url).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
      expect(policyFile().URLBlocklist ?? []).not.toContain('youtube.com');
    });

    it('reports each switch and a deleted policy file to the collector', async () => {
      fs.rmSync(POLICY_FILE);
      await waitFor('the agent to re-apply its policy', async () => fs.existsSync(POLICY_FILE), 5_000);
      await collector.signIn();
      const tamper = await waitFor(
        'the tamper alert',
        async () => (await collector.api<{ alerts: { deviceId: string; category: string; context: string }[] }>('GET', '/api/alerts')).alerts.find((x) => x.deviceId === a.agent.deviceId && x.category === 'policy_deleted'),
        15_000,
      );
      expect(tamper.context).toContain(POLICY_FILE);
      const { timeline } = await collector.api<{ timeline: { type: string; detail: { on: boolean; reason: string } }[] }>('GET', `/api/devices/${a.agent.deviceId}/timeline?type=board_change`);
      expect(timeline.map((t) => t.detail.on)).toEqual(expect.arrayContaining([true, false]));
    });
  });
});
