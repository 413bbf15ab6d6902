import type { Page, WebWorker } from 'puppeteer-core';
import type { PolicyDocument } from '../../shared/policy/schema';
import { EXTENSION_ID } from './browser';
import type { CollectorProcess } from './collector-process';
import { waitFor } from './wait';

export const BOARD_PAGE = `chrome-extension://${EXTENSION_ID}/pages/board.html`;

/** Call board mode's test hook in the worker (test build only). */
export function boardHook<T>(worker: WebWorker, fn: string, ...args: unknown[]): Promise<T> {
  return worker.evaluate(
    async (name, a) => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      return t.board[name](...a);
    },
    fn,
    args,
  ) as Promise<T>;
}

export async function workerPolicyVersion(worker: WebWorker): Promise<number> {
  return worker.evaluate(() => (globalThis as any).__esafetyTest.snapshot().policy.version as number);
}

/** Change the school's policy through the staff API and wait until the extension enforces it. */
export async function changePolicy(collector: CollectorProcess, worker: WebWorker, edit: (doc: PolicyDocument) => void): Promise<PolicyDocument> {
  const { policy } = await collector.api<{ policy: PolicyDocument }>('GET', '/api/policy');
  edit(policy);
  const saved = await collector.api<{ policy: PolicyDocument }>('PUT', '/api/policy', { policy, reason: 'board mode test' });
  await waitFor('the extension to receive the new policy', async () => (await workerPolicyVersion(worker)) === saved.policy.version, 15_000);
  await boardHook(worker, 'settle'); // board rules for the new policy are in force
  return saved.policy;
}

/** The text of the board page's visible elements. */
export async function boardPageText(page: Page): Promise<{ headline: string; viewPure: string | null; videos: string[]; why: string }> {
  await page.waitForSelector('#headline');
  await waitFor('the board page to load its status', () => page.$eval('#why', (e) => e.textContent !== '' || null).catch(() => null), 5_000).catch(() => undefined);
  return page.evaluate(() => ({
    headline: document.getElementById('headline')!.textContent ?? '',
    viewPure: (document.getElementById('viewpure') as HTMLAnchorElement).hidden ? null : (document.getElementById('viewpure') as HTMLAnchorElement).href,
    videos: [...document.querySelectorAll('#videos a')].map((a) => `${a.textContent} -> ${(a as HTMLAnchorElement).href}`),
    why: document.getElementById('why')!.textContent ?? '',
  }));
}
