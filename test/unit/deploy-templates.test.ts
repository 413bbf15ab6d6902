import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import schema from '../../extension/public/managed_schema.json' with { type: 'json' };
import { loadOrCreateSigningKey } from '../../server/deploy/signing-key';
import { parseRegFile, regFileBytes, writeRegFile } from '../../server/deploy/templates/reg-file';
import { parseManagedConfig } from '../../shared/policy/managed-config';
import { ROOT } from '../support/build-extension';
import { resolveAgentConfig } from '../../agent/core/config';
import { AGENT_POLICY_KEY } from '../../agent/platform/win32/registry-config';
import { AGENT_CONFIG_KEY } from '../../server/deploy/templates/windows';
import { chromiumPolicy } from '../../agent/core/browser-policies';
import { schoolPolicy } from './search-policies';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-deploy-tpl-'));
const TOKEN = 'school-enrolment-token-0123456789';
const URL_ = 'https://esafety.stmarys.example';

function cli(...args: string[]) {
  const { PUBLIC_URL: _unset, ...env } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { ...env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const schemaProps = schema.properties as Record<string, { type: string; enum?: string[] }>;
/** What Chrome does with managed_schema.json: every key must be declared, with the declared type. */
function checkAgainstSchema(config: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(config)) {
    expect(schemaProps[k], `setting ${k} is in managed_schema.json`).toBeDefined();
    expect(typeof v).toBe(schemaProps[k]!.type);
    if (schemaProps[k]!.enum) expect(schemaProps[k]!.enum).toContain(v);
  }
}

describe('deploy chromebook', () => {
  it('prints Admin console JSON that the extension\'s own parser accepts without a single problem', () => {
    const r = cli('deploy', 'chromebook', '--url', URL_, '--token', TOKEN, '--role', 'pupil', '--group', 'ks2');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toEqual({ collectorUrl: URL_, enrolmentToken: TOKEN, group: 'ks2', role: 'pupil' });
    checkAgainstSchema(json);
    expect(parseManagedConfig(json)).toEqual({ config: json, problems: [] });
    const id = loadOrCreateSigningKey(dataDir).extensionId;
    expect(r.stderr).toContain(`Extension ID:  ${id}`);
    expect(r.stderr).toContain(`${URL_}/extension/updates.xml`);
    // Incognito: the Admin console setting to use, and why.
    expect(r.stderr).toMatch(/Security > Incognito mode: "Disallow incognito\s+mode"/);
    expect(r.stderr).toMatch(/"Allow in Incognito"/);
  });

  it('refuses to make a template the extension would reject, and says why', () => {
    const r = cli('deploy', 'chromebook', '--url', 'http://esafety.stmarys.example', '--token', 'short', '--role', 'teacher');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/enrolmentToken is too short/);
    expect(r.stderr).toMatch(/plain http:\/\/ to a host that is not localhost/);
    expect(r.stderr).toMatch(/"role" must be one of pupil, staff, board/);
    const none = cli('deploy', 'chromebook', '--url', URL_);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/an enrolment token is required/);
  });
});

describe('deploy windows', () => {
  it('writes a .reg that force-installs in Chrome and Edge, configures the extension and the agent', () => {
    const out = path.join(dataDir, 'out');
    const r = cli('deploy', 'windows', '--url', URL_, '--token', TOKEN, '--role', 'staff', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const id = loadOrCreateSigningKey(dataDir).extensionId;
    const keys = parseRegFile(r.stdout);
    const byPath = new Map(keys.map((k) => [k.path, Object.fromEntries(k.values.map(([n, v]) => [n, v]))]));
    const forcelist = `${id};${URL_}/extension/updates.xml`;
    for (const base of ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge']) {
      expect(byPath.get(`${base}\\ExtensionInstallForcelist`)).toEqual({ '1': { type: 'sz', value: forcelist } });
      // Private windows off, with the same values the agent writes for every search mode.
      expect(byPath.get(base)).toEqual({ IncognitoModeAvailability: { type: 'dword', value: 1 }, InPrivateModeAvailability: { type: 'dword', value: 1 } });
      for (const mode of ['redirect', 'safesearch', 'off'] as const) {
        const effective = schoolPolicy();
        effective.search.mode = mode;
        const agent = chromiumPolicy({ effective, boardOn: false, extension: { id } });
        expect({ IncognitoModeAvailability: agent.IncognitoModeAvailability, InPrivateModeAvailability: agent.InPrivateModeAvailability }, mode).toEqual(
          Object.fromEntries(Object.entries(byPath.get(base)!).map(([n, v]) => [n, v.value])),
        );
      }
      const managed = byPath.get(`${base}\\3rdparty\\extensions\\${id}\\policy`)!;
      expect(managed).toBeDefined();
      const config = Object.fromEntries(Object.entries(managed).map(([n, v]) => [n, v.type === 'dword' ? v.value !== 0 : v.value]));
      checkAgainstSchema(config);
      expect(parseManagedConfig(config)).toEqual({ config: { collectorUrl: URL_, enrolmentToken: TOKEN, role: 'staff' }, problems: [] });
    }
    expect(AGENT_CONFIG_KEY).toBe(AGENT_POLICY_KEY.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\')); // where the agent reads
    const agent = byPath.get(AGENT_CONFIG_KEY)!;
    // The agent's own configuration code accepts every value, with no problem reported.
    const agentConfig = resolveAgentConfig(Object.fromEntries(Object.entries(agent).map(([n, v]) => [n, v.value])));
    expect(agentConfig.problems).toEqual([]);
    expect(agentConfig.config).toMatchObject({ collectorUrl: URL_, enrolmentToken: TOKEN, role: 'staff', extensionId: id, extensionUpdateUrl: `${URL_}/extension/updates.xml` });
    expect(agent.collectorUrl).toEqual({ type: 'sz', value: URL_ });
    expect(agent.enrolmentToken).toEqual({ type: 'sz', value: TOKEN });
    expect(agent.extensionId).toEqual({ type: 'sz', value: id });
    expect(agent.extensionUpdateUrl).toEqual({ type: 'sz', value: `${URL_}/extension/updates.xml` });
    // The file on disk is what regedit expects (UTF-16LE with BOM, CRLF) and holds the same keys.
    const bytes = fs.readFileSync(path.join(out, 'esafety.reg'));
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toContain('\r\n');
    expect(parseRegFile(bytes)).toEqual(keys);
    expect(fs.statSync(path.join(out, 'esafety.reg')).mode & 0o077).toBe(0); // holds the token
    const guide = fs.readFileSync(path.join(out, 'windows-guide.txt'), 'utf8');
    expect(guide).toMatch(/Intune[\s\S]*Group Policy|Group Policy[\s\S]*Intune/);
    expect(guide).toMatch(/"Incognito mode availability" = "Incognito mode disabled"/);
    expect(guide).toMatch(/"Configure InPrivate mode availability" = "InPrivate mode disabled"/);
  });

  it('writes booleans as DWORDs and escapes quotes and backslashes so they read back exactly', () => {
    const text = writeRegFile([
      {
        path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Test',
        values: [
          ['allowInsecureTransport', { type: 'dword', value: 1 }],
          ['name', { type: 'sz', value: 'Y3 "Oak" \\\\share\\path' }],
        ],
      },
    ]);
    expect(text).toContain('"allowInsecureTransport"=dword:00000001');
    expect(parseRegFile(regFileBytes(text))[0]!.values).toEqual([
      ['allowInsecureTransport', { type: 'dword', value: 1 }],
      ['name', { type: 'sz', value: 'Y3 "Oak" \\\\share\\path' }],
    ]);
    expect(() => writeRegFile([{ path: 'HKEY_LOCAL_MACHINE\\X', values: [['a', { type: 'sz', value: 'two\nlines' }]] }])).toThrow(/line break/);
    expect(() => parseRegFile('REGEDIT4\r\n')).toThrow(/not a .reg file/);
  });
});

describe('deploy info', () => {
  it('prints the same extension id the collector signs with', () => {
    const r = cli('deploy', 'info', '--url', URL_);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Extension id:  ${loadOrCreateSigningKey(dataDir).extensionId}`);
    expect(r.stdout).toContain(`Update URL:    ${URL_}/extension/updates.xml`);
  });
});
