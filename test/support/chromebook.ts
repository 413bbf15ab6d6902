import { inject } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { EXTENSION_ID, extensionWorker, launchBrowser, waitForEnrolled, type TestBrowser } from './browser';
import { TEST_ENROLMENT_TOKEN, type CollectorProcess } from './collector-process';
import type { FakeSites } from './fake-sites';
import { ManagedPolicy } from './managed-policy';

/** An alert as GET /api/alerts returns it (the fields browser tests look at). */
export interface AlertJson {
  id: string;
  kind: string;
  deviceId: string;
  severity: number;
  category: string | null;
  term: string | null;
  context: string | null;
  matchStart: number | null;
  matchEnd: number | null;
  url: string | null;
  title: string | null;
  at: string;
  user: string | null;
  ip: string | null;
  hasScreenshot: boolean;
}

/**
 * A pupil's Chromebook in a browser test: the fake sites and a real collector running, the
 * extension's managed configuration written, the built extension loaded in a real Chromium,
 * enrolled and connected, and a page open. `stop()` undoes all of it (safe after a failed start).
 */
export class ChromebookUnderTest {
  readonly policy = new ManagedPolicy();
  tb!: TestBrowser;
  worker!: WebWorker;
  page!: Page;

  constructor(
    readonly sites: FakeSites,
    readonly collector: CollectorProcess,
  ) {}

  async start(o: { deviceName: string; signIn?: boolean }): Promise<void> {
    await Promise.all([this.sites.start(), this.collector.start()]);
    if (o.signIn) await this.collector.signIn();
    await this.policy.acquire();
    this.policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: this.collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: o.deviceName });
    this.tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: this.sites.hostResolverRules });
    this.worker = await extensionWorker(this.tb.browser);
    await waitForEnrolled(this.worker);
    this.page = await this.tb.browser.newPage();
  }

  /** The alerts the collector holds (needs `signIn`). */
  async alerts(): Promise<AlertJson[]> {
    return (await this.collector.api<{ alerts: AlertJson[] }>('GET', '/api/alerts')).alerts;
  }

  async stop(): Promise<void> {
    await this.tb?.close();
    this.policy.releaseLock();
    await Promise.all([this.collector.stop(), this.sites.stop()]);
    this.collector.cleanup();
  }
}
