import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../shared/policy/defaults';
import { resolvePolicy } from '../../../shared/policy/resolve';
import { computeBrowserPolicies } from '../../core/browser-policies';
import { resolveAgentConfig } from '../../core/config';
import { RecordingRunner } from '../command-runner';
import { TasklistBrowsers, parseTasklist } from './browsers';
import { WIN_POLICY_KEYS, chromiumFromRegTree, chromiumRegEntries } from './chrome-policy-registry';
import { spawn } from 'node:child_process';
import { DISPLAY_QUERY, WmiDisplay, WmiDisplayWatch, displayWatchScript, parseMonitorJson } from './displays';
import { WIN_NATIVE_HOST_KEYS, Win32NativeHostRegistrar, cmdLauncher } from './native-host-registrar';
import { Win32PolicyWriter } from './policy-writer';
import { buildRegFile, encodeRegFile, isNotFound, parseRegQuery, regAddArgs, regQueryArgs } from './reg';
import { AGENT_CONFIG_KEY, AGENT_POLICY_KEY, RegistryConfig, configFromRegQuery } from './registry-config';
import { Win32Service, parseScQuery, scCreateArgs, winswXml } from './service';
import { foregroundWatchScript, FOREGROUND_SCRIPT, Win32WindowTitles, parseForegroundJson, parseInteractiveUser, schtasksCreateArgs } from './window-titles';

const FIX = path.resolve(import.meta.dirname, '../../../test/fixtures/agent/win32');
const fixture = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');
const pupilSet = (boardOn = false) =>
  computeBrowserPolicies({ effective: resolvePolicy(defaultPolicy()), boardOn, extension: { id: 'nipfnnhggfaijbpfacionjfcoeegeefh', updateUrl: 'https://collector.school.example/extension/updates.xml', config: { collectorUrl: 'https://collector.school.example' } } });

describe('win32 reg.exe', () => {
  it('builds exact reg.exe invocations (64-bit view, /f, /ve for the default value)', () => {
    expect(regQueryArgs('HKLM\\SOFTWARE\\Policies\\Google\\Chrome')).toEqual(['query', 'HKLM\\SOFTWARE\\Policies\\Google\\Chrome', '/s', '/reg:64']);
    expect(regAddArgs('HKLM\\SOFTWARE\\X', null, 'REG_SZ', 'C:\\a b\\m.json')).toEqual(['add', 'HKLM\\SOFTWARE\\X', '/ve', '/t', 'REG_SZ', '/d', 'C:\\a b\\m.json', '/f', '/reg:64']);
  });

  it('parses reg query /s output into keys and typed values', () => {
    const tree = parseRegQuery(fixture('reg-query-chrome-policy.txt'));
    const top = tree.get('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome')!;
    expect(top.get('DefaultSearchProviderSearchURL')).toEqual({ type: 'REG_SZ', data: 'https://www.kiddle.co/s.php?q={searchTerms}' });
    expect(top.get('ForceYouTubeRestrict')).toEqual({ type: 'REG_DWORD', data: '0x2' });
    expect([...tree.get('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\URLBlocklist')!.keys()]).toEqual(['1', '10', '2']);
    expect(isNotFound({ code: 1, stderr: fixture('reg-query-not-found.stderr.txt') })).toBe(true);
  });

  it('writes a .reg file: DWORDs for booleans/integers, numbered list subkeys replaced whole, 3rdparty extension policy, UTF-16LE with BOM', () => {
    const text = buildRegFile(chromiumRegEntries(WIN_POLICY_KEYS.chrome, pupilSet(true).chromium));
    expect(text.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    expect(text).toContain('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome]\r\n');
    expect(text).toContain('"DefaultSearchProviderEnabled"=dword:00000001');
    expect(text).toContain('"ForceYouTubeRestrict"=dword:00000002');
    expect(text).toContain('"DefaultSearchProviderSearchURL"="https://www.kiddle.co/s.php?q={searchTerms}"');
    expect(text).toContain('[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\URLBlocklist]\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\URLBlocklist]');
    expect(text).toMatch(/"\d+"="youtube\.com"/);
    expect(text).toContain('"1"="nipfnnhggfaijbpfacionjfcoeegeefh;https://collector.school.example/extension/updates.xml"');
    expect(text).toContain('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\3rdparty\\extensions\\nipfnnhggfaijbpfacionjfcoeegeefh\\policy]\r\n"collectorUrl"="https://collector.school.example"');
    const bytes = encodeRegFile('x');
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x78, 0x00]);
    expect(buildRegFile([{ key: 'HKLM\\K', values: { n: { type: 'REG_SZ', data: 'a"b\\c' } } }])).toContain('"n"="a\\"b\\\\c"');
  });

  it('reads policy back typed like the expected values, so an edit shows as a difference', () => {
    const set = pupilSet(true);
    const tree = parseRegQuery(fixture('reg-query-chrome-policy.txt'));
    const found = chromiumFromRegTree(WIN_POLICY_KEYS.chrome, tree, set.chromium)!;
    expect(found.DefaultSearchProviderEnabled).toBe(true);
    expect(found.ForceYouTubeRestrict).toBe(2);
    expect(found.URLBlocklist).toEqual(['bing.com/search', 'google.com/search', 'youtube.com']);
    expect(found.BrowserSignin).toBeUndefined(); // a school's own GPO values are not ours to judge
    expect(found['3rdparty']).toEqual({ extensions: { nipfnnhggfaijbpfacionjfcoeegeefh: { collectorUrl: 'https://collector.school.example' } } });
    expect(found.URLBlocklist).not.toEqual(set.chromium.URLBlocklist); // the captured list is shorter: an edit
    expect(chromiumFromRegTree(WIN_POLICY_KEYS.edge, tree, set.chromium)).toBeNull();
  });

  it('Win32PolicyWriter imports one .reg file for Chrome and Edge, writes Firefox policies.json, reports a missing key as deleted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-win32-'));
    const runner = new RecordingRunner((_c, args) =>
      args[0] === 'query'
        ? args[1] === WIN_POLICY_KEYS.chrome
          ? { stdout: fixture('reg-query-chrome-policy.txt') }
          : { code: 1, stderr: fixture('reg-query-not-found.stderr.txt') }
        : {},
    );
    const ff = path.join(dir, 'distribution', 'policies.json');
    const w = new Win32PolicyWriter(runner, dir, ff);
    const set = pupilSet();
    await w.write(set);
    expect(runner.calls[0]).toEqual({ command: 'reg.exe', args: ['import', path.join(dir, 'esafety-policy.reg'), '/reg:64'], input: undefined });
    const imported = fs.readFileSync(path.join(dir, 'esafety-policy.reg')).subarray(2).toString('utf16le');
    expect(imported).toContain('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge]');
    expect(JSON.parse(fs.readFileSync(ff, 'utf8')).policies.SearchEngines.Default).toBe('Kiddle');
    const back = await w.read(set);
    expect(back.map((b) => [b.browser, b.values === null])).toEqual([['chrome', false], ['edge', true], ['firefox', false]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('win32 displays, windows, processes', () => {
  it('counts active monitors from WMI: two active is projecting, a projector switched off is not', async () => {
    expect(parseMonitorJson(fixture('wmi-monitors-projecting.json'))).toEqual({ active: 2, mode: 'unknown', outputs: ['LEN40BA', 'EPS0A2B'] });
    expect(parseMonitorJson(fixture('wmi-monitors-single.json'))).toEqual({ active: 1, mode: 'single', outputs: ['LEN40BA'] });
    expect(parseMonitorJson(fixture('wmi-monitors-projector-off.json')).active).toBe(1);
    expect(parseMonitorJson('')).toEqual({ active: 0, mode: 'unknown', outputs: [] });
    const runner = new RecordingRunner(() => ({ stdout: fixture('wmi-monitors-projecting.json') }));
    expect((await new WmiDisplay(runner).read()).active).toBe(2);
    expect(runner.calls[0]!.command).toBe('powershell.exe');
    expect(runner.calls[0]!.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', DISPLAY_QUERY]);
    expect(DISPLAY_QUERY).toContain('-Namespace root\\wmi -ClassName WmiMonitorBasicDisplayParams');
  });

  it('watches the monitor topology with one long-lived PowerShell and tells listeners at once', async () => {
    expect(displayWatchScript(500)).toBe(`$last = ''; while ($true) { $j = ${DISPLAY_QUERY}; if ($j -eq $null) { $j = '' }; if ($j -ne $last) { $last = $j; [Console]::Out.WriteLine('@' + $j); [Console]::Out.Flush() }; Start-Sleep -Milliseconds 500 }`);
    const single = fixture('wmi-monitors-single.json').trim();
    const two = fixture('wmi-monitors-projecting.json').trim();
    // A stand-in for the PowerShell loop: same output lines, the board plugged in after 300 ms.
    const script = `console.log(${JSON.stringify('@' + single)}); setTimeout(() => console.log(${JSON.stringify('@' + two)}), 300); setInterval(() => {}, 1000);`;
    const w = new WmiDisplayWatch(() => spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] }));
    try {
      expect((await w.read()).active).toBe(1);
      await new Promise<void>((resolve) => w.watch(() => resolve()));
      expect(await w.read()).toEqual({ active: 2, mode: 'unknown', outputs: ['LEN40BA', 'EPS0A2B'] });
    } finally {
      w.stop();
    }
  });

  it('parses the foreground window (title, process, DOMAIN\\user) and the console user', async () => {
    expect(parseForegroundJson(fixture('foreground-notepad.json'))).toEqual({ title: 'how to kill myself - Notepad', process: 'notepad.exe', user: 'SCHOOL\\y5pupil' });
    expect(parseForegroundJson(fixture('foreground-desktop.json'))).toBeNull();
    expect(parseInteractiveUser(fixture('interactive-user.txt'))).toBe('SCHOOL\\y5pupil');
    expect(parseInteractiveUser('\r\n')).toBeUndefined();
    expect(FOREGROUND_SCRIPT).toContain('GetForegroundWindow');
    const watch = foregroundWatchScript(1000);
    expect(watch).toMatch(/while \(\$true\) \{.*if \(\$key -ne \$last\) \{.*Get-CimInstance Win32_Process.*\}; Start-Sleep -Milliseconds 1000 \}$/);
    const w = new Win32WindowTitles(new RecordingRunner(() => ({ stdout: fixture('foreground-notepad.json') })), () => 0);
    expect(await w.unavailableReason()).toMatch(/session 0/);
    expect((await w.foreground())?.process).toBe('notepad.exe');
    expect(schtasksCreateArgs('"C:\\Program Files\\ESafety\\title-helper.cmd"')).toEqual([
      '/Create', '/F', '/TN', 'ESafety\\WindowTitles', '/SC', 'ONLOGON', '/RU', 'BUILTIN\\Users', '/RL', 'LIMITED', '/TR', '"C:\\Program Files\\ESafety\\title-helper.cmd"',
    ]);
  });

  it('finds running browsers in tasklist CSV', async () => {
    expect(parseTasklist(fixture('tasklist.csv'))).toEqual(['chrome.exe', 'msedge.exe']);
    const runner = new RecordingRunner(() => ({ stdout: fixture('tasklist.csv') }));
    expect(await new TasklistBrowsers(runner).running()).toEqual(['chrome.exe', 'msedge.exe']);
    expect(runner.calls[0]).toMatchObject({ command: 'tasklist.exe', args: ['/FO', 'CSV', '/NH'] });
  });
});

describe('win32 service, native host, registry config', () => {
  it('installs the service with sc.exe (LocalSystem, auto start, restart on failure) through the WinSW wrapper', async () => {
    const written: Record<string, string> = {};
    const runner = new RecordingRunner();
    const svc = new Win32Service(runner, 'C:\\Program Files\\ESafety\\esafety-agent-service.exe', (f, t) => (written[f] = t));
    await svc.install({ command: 'C:\\Program Files\\nodejs\\node.exe', args: ['C:\\Program Files\\ESafety\\agent\\main.js', 'run'] });
    expect(runner.calls.map((c) => [c.command, ...c.args])).toEqual([
      ['sc.exe', 'create', 'ESafetyAgent', 'binPath=', '"C:\\Program Files\\ESafety\\esafety-agent-service.exe"', 'start=', 'auto', 'obj=', 'LocalSystem', 'DisplayName=', 'School E-safety agent'],
      ['sc.exe', 'failure', 'ESafetyAgent', 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/30000'],
      ['sc.exe', 'start', 'ESafetyAgent'],
    ]);
    const xml = written['C:\\Program Files\\ESafety\\esafety-agent-service.xml']!;
    expect(xml).toContain('<executable>C:\\Program Files\\nodejs\\node.exe</executable>');
    expect(xml).toContain('<arguments>"C:\\Program Files\\ESafety\\agent\\main.js" run</arguments>');
    expect(xml).toContain('<startmode>Automatic</startmode>');
    expect(winswXml({ command: 'a&b', args: [], logDir: 'x' })).toContain('a&amp;b');
    expect(scCreateArgs('x')[3]).toBe('"x"');
  });

  it('parses sc.exe query: running, stopped, not installed', () => {
    expect(parseScQuery(0, fixture('sc-query-running.txt'))).toEqual({ installed: true, running: true, detail: 'ESafetyAgent: RUNNING' });
    expect(parseScQuery(0, fixture('sc-query-stopped.txt'))).toEqual({ installed: true, running: false, detail: 'ESafetyAgent: STOPPED' });
    expect(parseScQuery(1060, fixture('sc-query-not-installed.txt')).installed).toBe(false);
  });

  it('registers the native messaging host for Chrome and Edge (manifest + .cmd launcher + HKLM keys)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-win32-nh-'));
    const runner = new RecordingRunner();
    await new Win32NativeHostRegistrar(runner, dir, path.posix).register({ hostCommand: 'C:\\node.exe', hostArgs: ['C:\\agent\\main.js', 'native-host'], extensionIds: ['nipfnnhggfaijbpfacionjfcoeegeefh'] });
    const manifestPath = path.posix.join(dir, 'uk.esafety.agent.json');
    expect(runner.calls.map((c) => c.args)).toEqual(WIN_NATIVE_HOST_KEYS.map((k) => ['add', k, '/ve', '/t', 'REG_SZ', '/d', manifestPath, '/f', '/reg:64']));
    expect(WIN_NATIVE_HOST_KEYS).toEqual(['HKLM\\SOFTWARE\\Google\\Chrome\\NativeMessagingHosts\\uk.esafety.agent', 'HKLM\\SOFTWARE\\Microsoft\\Edge\\NativeMessagingHosts\\uk.esafety.agent']);
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    expect(manifest).toMatchObject({ name: 'uk.esafety.agent', type: 'stdio', allowed_origins: ['chrome-extension://nipfnnhggfaijbpfacionjfcoeegeefh/'] });
    expect(cmdLauncher('C:\\node.exe', ['C:\\agent\\main.js', 'native-host'])).toBe('@echo off\r\n"C:\\node.exe" "C:\\agent\\main.js" "native-host" %*\r\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads configuration from the registry (GPO key wins over the installer key) and normalises names and types', async () => {
    const raw = configFromRegQuery(fixture('reg-query-agent-config.txt'), AGENT_POLICY_KEY);
    expect(raw).toEqual({ CollectorUrl: 'https://collector.school.example', EnrolmentToken: 'enrol-2f9c1a7d8e6b4c3a', Group: 'board', DeviceName: 'Class 5 board PC', BoardPc: 1, ExtensionMissingMinutes: 15 });
    const { config, problems } = resolveAgentConfig(raw);
    expect(problems).toEqual([]);
    expect(config).toEqual({ collectorUrl: 'https://collector.school.example', enrolmentToken: 'enrol-2f9c1a7d8e6b4c3a', group: 'board', deviceName: 'Class 5 board PC', boardPc: true, extensionMissingMinutes: 15 });
    const runner = new RecordingRunner((_c, args) =>
      args[0] !== 'query' ? {} : args[1] === AGENT_POLICY_KEY ? { stdout: fixture('reg-query-agent-config.txt') } : { code: 1, stderr: fixture('reg-query-not-found.stderr.txt') },
    );
    const reg = new RegistryConfig(runner);
    expect((await reg.read()).Group).toBe('board');
    await reg.write({ collectorUrl: 'https://c.example', allowInsecureTransport: false });
    expect(runner.calls.slice(-2).map((c) => c.args)).toEqual([
      ['add', AGENT_CONFIG_KEY, '/v', 'CollectorUrl', '/t', 'REG_SZ', '/d', 'https://c.example', '/f', '/reg:64'],
      ['add', AGENT_CONFIG_KEY, '/v', 'AllowInsecureTransport', '/t', 'REG_DWORD', '/d', '0', '/f', '/reg:64'],
    ]);
  });
});
