import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { waitFor } from '../../test/support/wait';
import { spawn } from 'node:child_process';
import { LineDecoder } from '../native/framing';
import { runTitleHelper } from '../native/title-helper';
import { FakeBrowsers, FakeDisplay, FakeWindows, fakeIdentity } from '../platform/fake';
import { LinuxPolicyFiles } from '../platform/linux/policy-files';
import { Agent } from './agent';
import type { AgentConfig } from './config';

const TOKEN = 'test-enrolment-token-0123456789';

describe('agent against a real collector (in-process, real HTTP/WebSocket, SQLite file)', () => {
  let srv: RunningCollector;
  const dirs: string[] = [];
  const agents: Agent[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-agent-unit-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    srv = await startCollector();
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) await a.stop();
  });
  afterAll(async () => {
    await srv.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function makeAgent(over: Partial<AgentConfig> = {}, dataDir = tmp(), max?: number) {
    const root = tmp();
    const browsers = new FakeBrowsers();
    const display = new FakeDisplay();
    const windows = new FakeWindows();
    const policyFile = path.join(root, 'chromium', 'esafety-agent.json');
    const firefoxFile = path.join(root, 'firefox', 'policies.json');
    const agent = new Agent({
      config: { collectorUrl: srv.url, enrolmentToken: TOKEN, deviceName: 'CLASS5-PC03', ...over },
      platform: {
        policy: new LinuxPolicyFiles({ chromiumDirs: [{ browser: 'chromium', dir: path.dirname(policyFile) }], firefoxFile }),
        display,
        windows,
        browsers,
        identity: fakeIdentity(),
      },
      version: '0.1.0',
      dataDir,
      socketPath: path.join(root, 'native.sock'),
      timings: { titlePollMs: 50, policyVerifyMs: 100, extensionCheckMs: 50 },
      extensionGraceMs: 300,
      ...(max ? { maxOutboxItems: max } : {}),
      log: () => undefined,
    });
    agents.push(agent);
    return { agent, display, windows, browsers, policyFile, firefoxFile, socketPath: path.join(root, 'native.sock'), dataDir };
  }

  const alerts = () => srv.collector.store.listAlerts({ schoolId: srv.first.schoolId, limit: 500 });
  const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

  it('enrols as an agent, writes Chromium and Firefox policy for the kid-safe engine, delivers its heartbeat', async () => {
    const { agent, policyFile, firefoxFile } = makeAgent();
    await agent.start();
    const chromium = readJson(policyFile);
    expect(chromium.DefaultSearchProviderSearchURL).toBe('https://www.kiddle.co/s.php?q={searchTerms}');
    expect(chromium.URLBlocklist).toContain('.www.google.com/search');
    expect(chromium.URLBlocklist).not.toContain('youtube.com');
    expect(chromium['3rdparty'].extensions.nipfnnhggfaijbpfacionjfcoeegeefh.collectorUrl).toBe(srv.url);
    expect(readJson(firefoxFile).policies.SearchEngines.Default).toBe('Kiddle');
    await waitFor('enrolled and outbox drained', async () => agent.deviceId && agent.outbox.depth === 0, 10_000);
    const devices = await srv.collector.store.listDevices(srv.first.schoolId);
    const me = devices.find((d) => d.id === agent.deviceId)!;
    expect(me.kind).toBe('agent');
    expect(me.name).toBe('CLASS5-PC03');
  });

  it('switches board mode when the board is plugged in: pushes to the extension, blocks YouTube in policy, reports it', async () => {
    const { agent, display, policyFile, socketPath } = makeAgent();
    await agent.start();
    const sock = net.createConnection(socketPath);
    const got: { type: string; on?: boolean }[] = [];
    const dec = new LineDecoder();
    sock.on('data', (d) => got.push(...dec.push(d).map((l) => JSON.parse(l))));
    await waitFor('initial board state', async () => got.some((m) => m.type === 'board' && m.on === false), 5_000);
    await waitFor('enrolled', async () => agent.deviceId && agent.outbox.depth === 0, 10_000);
    const eventsBefore = await srv.collector.store.countEvents();
    display.set(true);
    await waitFor('board on pushed', async () => got.some((m) => m.type === 'board' && m.on === true), 2_000);
    await waitFor('policy blocks YouTube', async () => readJson(policyFile).URLBlocklist.includes('youtube.com'), 2_000);
    await waitFor('board_change delivered', async () => (await srv.collector.store.countEvents()) > eventsBefore && agent.outbox.depth === 0, 10_000);
    display.set(false);
    await waitFor('board off pushed', async () => got.filter((m) => m.type === 'board').at(-1)?.on === false, 2_000);
    await waitFor('policy unblocks YouTube', async () => !readJson(policyFile).URLBlocklist.includes('youtube.com'), 2_000);
    sock.destroy();
  });

  it('leaves search pages to the extension once it says hello; reports it missing and blocks them again when it is gone', async () => {
    const { agent, browsers, policyFile, socketPath } = makeAgent();
    await agent.start();
    const searchBlocked = () => (readJson(policyFile).URLBlocklist ?? []).includes('.www.google.com/search');
    expect(searchBlocked()).toBe(true);
    const sock = net.createConnection(socketPath);
    sock.write(JSON.stringify({ type: 'hello', extensionVersion: '0.1.0' }) + '\n');
    await waitFor('search pages left to the extension', async () => !searchBlocked(), 5_000);
    browsers.names = ['chrome'];
    sock.destroy();
    await waitFor('search pages blocked again', async () => searchBlocked(), 5_000);
    const missing = await waitFor(
      'extension_missing at the collector',
      async () => (await alerts()).find((a) => a.deviceId === agent.deviceId && a.category === 'extension_missing'),
      10_000,
    );
    expect(missing.context).toMatch(/^chrome running for \d+ minutes? with no connection from the e-safety extension/);
  });

  it('re-applies a deleted or edited policy and reports both as tampering', async () => {
    const { agent, policyFile } = makeAgent();
    await agent.start();
    await waitFor('enrolled', async () => agent.deviceId, 10_000);
    fs.rmSync(policyFile);
    await waitFor('policy re-written', async () => fs.existsSync(policyFile), 5_000);
    const edited = readJson(policyFile);
    edited.URLBlocklist = [];
    fs.writeFileSync(policyFile, JSON.stringify(edited));
    await waitFor('policy repaired', async () => readJson(policyFile).URLBlocklist.length > 0, 5_000);
    const found = await waitFor(
      'both tamper alerts',
      async () => {
        const mine = (await alerts()).filter((a) => a.deviceId === agent.deviceId && a.kind === 'tamper');
        return mine.length >= 2 ? mine : null;
      },
      10_000,
    );
    expect(found.map((a) => a.category).sort()).toEqual(['policy_deleted', 'policy_edited']);
    expect(found.find((a) => a.category === 'policy_edited')!.context).toContain('URLBlocklist');
  });

  it('alerts on a flagged window title with the app and the interactive user', async () => {
    const { agent, windows } = makeAgent();
    await agent.start();
    windows.window = { title: 'how to kill myself - Notepad', process: 'notepad.exe', user: 'SCHOOL\\y5pupil' };
    const alert = await waitFor(
      'window-title alert at the collector',
      async () => (await alerts()).find((a) => a.deviceId === agent.deviceId && a.kind === 'keyword'),
      10_000,
    );
    expect(alert.term).toBe('kill myself');
    expect(alert.user).toBe('SCHOOL\\y5pupil');
    expect(alert.title).toBe('how to kill myself - Notepad');
    expect(alert.context!.slice(alert.matchStart!, alert.matchEnd!)).toBe('kill myself');
    // Same window still focused: not alerted again on every poll.
    await new Promise((r) => setTimeout(r, 300));
    expect((await alerts()).filter((a) => a.deviceId === agent.deviceId && a.kind === 'keyword')).toHaveLength(1);
  });

  it('takes window titles from the per-user title helper when the service cannot see the desktop (Windows session 0)', async () => {
    const { agent, windows, socketPath } = makeAgent();
    windows.reason = 'running as a service in session 0';
    await agent.start();
    // Stands in for the PowerShell watcher: the same JSON lines (test/fixtures/agent/win32/foreground-*.json).
    const lines = [
      '{"Title":"Homework - Word","Process":"WINWORD.EXE","User":"SCHOOL\\\\y6pupil"}',
      '{"Title":"where to buy a knife - Notepad","Process":"notepad.exe","User":"SCHOOL\\\\y6pupil"}',
    ];
    const helper = runTitleHelper({
      socketPath,
      startWatcher: () => spawn(process.execPath, ['-e', `setTimeout(() => { for (const l of ${JSON.stringify(lines)}) console.log(l); setInterval(() => {}, 1000); }, 300)`], { stdio: ['ignore', 'pipe', 'ignore'] }),
    });
    try {
      const alert = await waitFor(
        'the helper-reported title alert',
        async () => (await alerts()).find((a) => a.deviceId === agent.deviceId && a.kind === 'keyword'),
        10_000,
      );
      expect(alert.title).toBe('where to buy a knife - Notepad');
      expect(alert.user).toBe('SCHOOL\\y6pupil');
      expect(agent.bridge.connections).toBe(0); // a title helper is not the extension
    } finally {
      helper.stop();
    }
  });

  it('keeps events queued offline across a restart, reports eviction when full, and delivers once the collector is reachable', async () => {
    const dataDir = tmp();
    const offline = makeAgent({ collectorUrl: 'http://127.0.0.1:9' }, dataDir, 5);
    await offline.agent.start();
    for (let i = 0; i < 6; i++) await offline.agent.tamper('other', `offline event ${i}`);
    expect(offline.agent.outbox.depth).toBeLessThanOrEqual(6);
    await offline.agent.stop();
    agents.splice(agents.indexOf(offline.agent), 1);

    const again = makeAgent({}, dataDir, 5);
    await again.agent.outbox.load();
    const kept = again.agent.outbox.depth;
    expect(kept).toBeGreaterThanOrEqual(5);
    await again.agent.start();
    await waitFor('queue delivered', async () => again.agent.deviceId && again.agent.outbox.depth === 0, 10_000);
    const mine = (await alerts()).filter((a) => a.deviceId === again.agent.deviceId && a.kind === 'tamper');
    expect(mine.some((a) => a.category === 'outbox_evicted' && /dropped/.test(a.context ?? ''))).toBe(true);
    expect(mine.some((a) => a.context === 'offline event 5')).toBe(true);
  });
});
