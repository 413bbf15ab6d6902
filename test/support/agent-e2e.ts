import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { Agent } from '../../agent/core/agent';
import { hostCommand } from '../../agent/cli';
import { FakeBrowsers, FakeDisplay, FakeWindows, fakeIdentity } from '../../agent/platform/fake';
import { LinuxNativeHostRegistrar } from '../../agent/platform/linux/native-host-registrar';
import { LinuxPolicyFiles } from '../../agent/platform/linux/policy-files';
import { MANAGED_POLICY_DIR } from './managed-policy';

/** Chromium on Linux looks for machine-wide native messaging hosts here. */
export const AGENT_MAIN = path.resolve(import.meta.dirname, '../../agent/main.ts');
export const NATIVE_HOSTS_DIR = '/etc/chromium/native-messaging-hosts';

export interface AgentUnderTest {
  agent: Agent;
  display: FakeDisplay;
  windows: FakeWindows;
  policy: LinuxPolicyFiles;
  dir: string;
  stop(): Promise<void>;
}

/**
 * The agent in this process with the real Linux adapters for policy files and the native
 * messaging host (Chromium starts the real host process, which connects over a real socket),
 * and a fake display source the test switches. Call only while holding the ManagedPolicy lock.
 */
export async function startAgentForBrowser(o: { collectorUrl: string; token: string }): Promise<AgentUnderTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-agent-e2e-'));
  const socketPath = path.join(dir, 'native.sock');
  const display = new FakeDisplay();
  const windows = new FakeWindows();
  const policy = new LinuxPolicyFiles({ chromiumDirs: [{ browser: 'chromium', dir: MANAGED_POLICY_DIR }], firefoxFile: path.join(dir, 'firefox', 'policies.json') });
  const hosts = new LinuxNativeHostRegistrar([NATIVE_HOSTS_DIR], path.join(dir, 'native-host.sh'));
  await hosts.register({ ...hostCommand(socketPath, AGENT_MAIN), extensionIds: ['nipfnnhggfaijbpfacionjfcoeegeefh'] });
  const agent = new Agent({
    config: { collectorUrl: o.collectorUrl, enrolmentToken: o.token, deviceName: 'CLASS5-BOARD-PC' },
    platform: { policy, display, windows, browsers: new FakeBrowsers(), identity: fakeIdentity() },
    version: '0.1.0',
    dataDir: path.join(dir, 'data'),
    socketPath,
    timings: { policyVerifyMs: 500 },
    log: (m) => process.stderr.write(`[agent] ${m}\n`),
  });
  await agent.start();
  return {
    agent,
    display,
    windows,
    policy,
    dir,
    async stop() {
      await agent.stop();
      await policy.remove();
      await hosts.unregister();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium on Linux does not re-read its policy directory promptly (browser-testing.md): press
 * "Reload policies" on chrome://policy, as its periodic refresh would eventually.
 */
export async function reloadPolicies(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://policy', { waitUntil: 'domcontentloaded' });
    const button = await page.waitForSelector('pierce/#reload-policies', { timeout: 10_000 });
    await button!.click();
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await page.close();
  }
}
