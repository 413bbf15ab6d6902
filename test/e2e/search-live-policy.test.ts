import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PolicyDocument } from '../../shared/policy/schema';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

/**
 * A member of staff changes the school's search policy on the collector; the pupil's browser
 * follows at once over the device socket, with no reload, and an unchanged search policy never
 * costs an updateDynamicRules call.
 */
describe('search rules follow the collector live', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess();
  const managed = new ManagedPolicy();
  let tb: TestBrowser;
  let worker: WebWorker;
  let page: Page;

  const hook = <T>(fn: string): Promise<T> => worker.evaluate(`(globalThis.__esafetyTest.${fn})`) as Promise<T>;
  const policyVersion = () => hook<number>('snapshot().policy.version');
  const dnrUpdates = () => hook<number>('dnrUpdates()');
  async function push(change: (doc: PolicyDocument) => void, reason: string): Promise<number> {
    const { policy } = await collector.api<{ policy: PolicyDocument }>('GET', '/api/policy');
    change(policy);
    const { policy: saved } = await collector.api<{ policy: PolicyDocument }>('PUT', '/api/policy', { policy, reason });
    await waitFor(`policy version ${saved.version} on the device`, async () => (await policyVersion()) === saved.version, 20_000);
    return saved.version;
  }

  beforeAll(async () => {
    await Promise.all([sites.start(), collector.start()]);
    await managed.acquire();
    managed.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, role: 'pupil', deviceName: 'Y6-Chromebook-02' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    worker = await extensionWorker(tb.browser);
    await waitFor('the extension to enrol and connect', () => hook<boolean>('snapshot().connected'), 30_000);
    await collector.signIn();
    page = await tb.browser.newPage();
  }, 600_000); // includes waiting for the machine-wide managed-policy lock

  afterAll(async () => {
    await tb?.close();
    managed.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('starts on Kiddle', async () => {
    expect((await landing(page, 'https://www.google.com/search?q=planets')).url).toBe('https://www.kiddle.co/s.php?q=planets');
  });

  it('moves pupils to KidRex the moment the school changes engine (no reload)', async () => {
    const before = await dnrUpdates();
    await push((doc) => {
      doc.groups.pupil!.search.engine = 'kidrex';
      doc.search.schoolHosts = ['pendragon.cambs.sch.uk'];
    }, 'Seed 004: KidRex on classroom machines');
    await waitFor('KidRex rules', async () => (await landing(page, 'https://www.google.com/search?q=planets')).url === 'https://www.kidrex.org/results/?q=planets', 10_000, 200);
    expect(await dnrUpdates()).toBeGreaterThan(before);
    expect((await landing(page, 'https://pendragon.cambs.sch.uk/search?q=planets')).url).toBe('https://pendragon.cambs.sch.uk/search?q=planets');
  });

  it('never calls updateDynamicRules when a new policy leaves the rules as they were', async () => {
    // Let anything still settling from the previous push finish.
    await new Promise((r) => setTimeout(r, 1000));
    const before = await dnrUpdates();
    await push((doc) => {
      doc.retentionDays = 365;
    }, 'retention shortened (no search change)');
    await hook('enforce()');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await dnrUpdates()).toBe(before);
    expect((await landing(page, 'https://www.bing.com/search?q=moons')).url).toBe('https://www.kidrex.org/results/?q=moons');
  });

  it('switches the pupil group to SafeSearch-only mode when the school says so', async () => {
    await push((doc) => {
      doc.groups.pupil!.search.mode = 'safesearch';
    }, 'trial: SafeSearch instead of redirect');
    await waitFor('SafeSearch rules', async () => (await landing(page, 'https://www.google.com/search?q=moons')).url === 'https://www.google.com/search?q=moons&safe=active', 10_000, 200);
  });
});
