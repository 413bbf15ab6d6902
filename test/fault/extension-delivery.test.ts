import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXTENSION_ID, extensionWorker, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

/**
 * The extension's delivery in a real Chromium, under faults: the service worker terminated
 * with a batch in flight, the browser restarted (same profile) while the collector is down,
 * and a long outage. Reports are queued the way the popup queues them ("Report a concern"
 * messages to the worker); counts are checked exactly at the collector's SQLite file.
 */
function storedConcerns(sqlite: string, prefix: string): Map<string, number> {
  const db = new Database(sqlite, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT json_extract(payload, '$.message') AS m, count(*) AS n FROM events WHERE type = 'concern' GROUP BY m").all() as { m: string | null; n: number }[];
    return new Map(rows.filter((r) => r.m?.startsWith(prefix)).map((r) => [r.m!, r.n]));
  } finally {
    db.close();
  }
}

describe('extension delivery survives a killed worker, a browser restart offline and a long outage', () => {
  const sites = new FakeSites();
  const policy = new ManagedPolicy();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-extfault-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-extfault-profile-'));
  const sqlite = path.join(dataDir, 'collector.sqlite');
  let collector = new CollectorProcess({ dataDir, env: { LOG_LEVEL: 'error' } });
  let port = 0;
  let tb: TestBrowser;
  const summary: Record<string, unknown> = {};

  const launch = async () => {
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules, userDataDir: profile });
    return tb.browser;
  };

  /** An extension page (the popup), from which reports are sent to the worker as the popup sends them. */
  const extensionPage = async (browser: Browser): Promise<Page> => {
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/pages/popup.html`, { waitUntil: 'domcontentloaded' });
    return page;
  };

  /** Queue `n` concerns; resolves when the worker says each one is safely in the outbox. */
  const report = async (page: Page, prefix: string, from: number, n: number): Promise<void> => {
    const oks = await page.evaluate(
      async (prefix, from, n) => {
        const out: boolean[] = [];
        // In small groups: a pupil's clicks, not one giant burst.
        for (let i = from; i < from + n; i += 10) {
          const group = Array.from({ length: Math.min(10, from + n - i) }, (_, j) =>
            chrome.runtime.sendMessage({ type: 'concern', message: `${prefix}-${String(i + j).padStart(4, '0')}`, screenshot: false }),
          );
          for (const r of await Promise.all(group)) out.push(!!(r as { ok?: boolean })?.ok);
        }
        return out;
      },
      prefix,
      from,
      n,
    );
    expect(oks.filter(Boolean).length).toBe(n);
  };

  const outboxDepth = async (browser: Browser) => {
    const worker = await extensionWorker(browser);
    return worker.evaluate(async () => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      return (await t.outboxDepth()) as number;
    });
  };

  beforeAll(async () => {
    // The managed-policy directory is machine-wide: wait for other browser tests to finish with it.
    await policy.acquire();
    await Promise.all([sites.start(), collector.start()]);
    port = collector.port;
    policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Y4-Chromebook-fault' });
  }, 600_000);

  afterAll(async () => {
    process.stdout.write(`EXTENSION_FAULTS ${JSON.stringify(summary)}\n`);
    await tb?.close();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('service worker terminated with a batch in flight: nothing lost, nothing duplicated', async () => {
    const browser = await launch();
    const worker = await extensionWorker(browser);
    await waitFor('the extension to enrol and connect', () => worker.evaluate(async () => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      return t.snapshot().connected;
    }), 30_000);
    const page = await extensionPage(browser);
    // Freeze the collector: the batch goes out on the socket but no ack can come back.
    process.kill(collector.pid!, 'SIGSTOP');
    await report(page, 'sw', 0, 300);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await outboxDepth(browser)).toBeGreaterThanOrEqual(300);
    // Terminate the worker while its batch is unacknowledged (puppeteer: CDP Target.closeTarget).
    await (await extensionWorker(browser)).close();
    await waitFor('the worker to be gone', () => !browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)), 10_000);
    process.kill(collector.pid!, 'SIGCONT');
    await new Promise((r) => setTimeout(r, 1500));
    // What the collector stored from the orphaned batch (its ack went to a dead worker).
    summary.storedWhileWorkerDead = storedConcerns(sqlite, 'sw-').size;
    // Any event wakes the worker (here: the popup asking for status); it re-sends its outbox.
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
    await waitFor('all 300 reports at the collector', () => storedConcerns(sqlite, 'sw-').size === 300, 60_000, 250);
    await waitFor('the outbox to be empty', async () => (await outboxDepth(browser)) === 0, 30_000, 250);
    const stored = storedConcerns(sqlite, 'sw-');
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    summary.workerKill = { queued: 300, stored: stored.size, duplicated: [...stored.values()].filter((n) => n > 1).length };
    await page.close();
  });

  it('browser restarted while the collector is down, then a long outage: all delivered once when it returns', async () => {
    // The collector goes away.
    await collector.stop();
    let page = await extensionPage(tb.browser);
    await report(page, 'off', 0, 120);
    // (at least: the worker may also have queued its own heartbeat)
    expect(await outboxDepth(tb.browser)).toBeGreaterThanOrEqual(120);
    // The browser is closed and started again on the same profile, still offline.
    await tb.browser.close();
    const browser = await launch();
    expect(await outboxDepth(browser)).toBeGreaterThanOrEqual(120);
    page = await extensionPage(browser);
    await report(page, 'off', 120, 80);
    // A long outage: the link keeps failing and backing off, reports keep queueing.
    const outageMs = Number(process.env.OUTAGE_MS ?? 20_000);
    const until = Date.now() + outageMs;
    let n = 200;
    while (Date.now() < until) {
      await report(page, 'off', n, 10);
      n += 10;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(await outboxDepth(browser)).toBeGreaterThanOrEqual(n);
    expect(storedConcerns(sqlite, 'off-').size).toBe(0);
    // Back on the same address and data.
    collector = new CollectorProcess({ dataDir, port, env: { LOG_LEVEL: 'error' } });
    await collector.start();
    // The next thing the pupil does (one more report) makes the worker deliver everything.
    await report(page, 'off', n, 1);
    n += 1;
    await waitFor(`all ${n} offline reports at the collector`, () => storedConcerns(sqlite, 'off-').size === n, 90_000, 500);
    await waitFor('the outbox to be empty', async () => (await outboxDepth(browser)) === 0, 30_000, 250);
    const stored = storedConcerns(sqlite, 'off-');
    expect([...stored.values()].every((c) => c === 1)).toBe(true);
    for (let i = 0; i < n; i++) expect(stored.get(`off-${String(i).padStart(4, '0')}`), `off-${i}`).toBe(1);
    summary.offline = { queued: n, outageMs, stored: stored.size, duplicated: [...stored.values()].filter((c) => c > 1).length };
  });
});
