import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { parseUnit } from '../../server/service/systemd-unit';
import { windowsServiceScript } from '../../server/service/windows-task';
import { ROOT } from '../support/build-extension';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-service-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('systemd unit', () => {
  const r = cli('deploy', 'systemd', '--install-dir', ROOT, '--data-dir', '/var/lib/esafety', '--out', out);
  const unitFile = path.join(out, 'esafety-collector.service');

  it('is generated for this install with graceful stop, restart, reload and a sandbox', () => {
    expect(r.status, r.stderr).toBe(0);
    const unit = parseUnit(fs.readFileSync(unitFile, 'utf8'));
    const svc = unit.get('Service')!;
    expect(svc.get('ExecStart')).toEqual([`${process.execPath} dist/server/main.js`]);
    expect(svc.get('WorkingDirectory')).toEqual([ROOT]);
    expect(svc.get('EnvironmentFile')).toEqual(['/etc/esafety/collector.env']);
    expect(svc.get('KillSignal')).toEqual(['SIGTERM']);
    expect(Number(svc.get('TimeoutStopSec')![0])).toBeGreaterThan(25); // the drain gives up at 25 s
    expect(svc.get('Restart')).toEqual(['on-failure']);
    expect(svc.get('ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
    expect(svc.get('ReadWritePaths')).toEqual(['/var/lib/esafety']);
    expect(svc.get('ProtectSystem')).toEqual(['strict']);
    expect(svc.get('User')).toEqual(['esafety']);
    expect(unit.get('Install')!.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('passes systemd-analyze verify with no warnings', () => {
    const which = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' });
    if (which.status !== 0) {
      console.log('systemd-analyze is not installed here: the unit was checked by the parser test only');
      return;
    }
    const v = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    expect(v.stderr.trim()).toBe('');
    // And the check is real: a bad unit is reported.
    const bad = path.join(out, 'bad.service');
    fs.writeFileSync(bad, fs.readFileSync(unitFile, 'utf8').replace('Restart=on-failure', 'Restart=sometimes'));
    expect(spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8' }).stderr).toMatch(/restart specifier/);
  });

  it('comes with an environment file the collector accepts', () => {
    const env = parseEnv(fs.readFileSync(path.join(out, 'collector.env'), 'utf8'));
    const config = loadConfig(env);
    expect(config.dataDir).toBe('/var/lib/esafety');
    expect(config.TLS_CERT).toBeUndefined();
    expect(fs.statSync(path.join(out, 'collector.env')).mode & 0o077).toBe(0);
    const tls = cli('deploy', 'systemd', '--tls', '--url', 'https://esafety.stmarys.example', '--out', path.join(out, 'tls'));
    const withTls = loadConfig(parseEnv(fs.readFileSync(path.join(out, 'tls', 'collector.env'), 'utf8')));
    expect(tls.status).toBe(0);
    expect(withTls).toMatchObject({ TLS_CERT: '/etc/esafety/tls/fullchain.pem', TLS_KEY: '/etc/esafety/tls/privkey.pem', PUBLIC_URL: 'https://esafety.stmarys.example' });
  });

  it('refuses paths that would break the unit file', () => {
    const bad = cli('deploy', 'systemd', '--install-dir', '/opt/my esafety');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/install folder "\/opt\/my esafety" must be a plain path/);
  });
});

describe('Windows start-up task (not run here: no Windows; text checks only)', () => {
  it('quotes paths for PowerShell and starts node with the environment file', () => {
    const script = windowsServiceScript({
      installDir: "C:\\St Mary's\\E-safety",
      nodePath: 'C:\\Program Files\\nodejs\\node.exe',
      envFile: 'C:\\ProgramData\\SchoolESafety\\collector.env',
      dataDir: 'C:\\ProgramData\\SchoolESafety\\data',
    });
    expect(script).toContain("$install = 'C:\\St Mary''s\\E-safety'");
    expect(script).toContain("-Argument ('--env-file=\"' + $envFile + '\" dist\\server\\main.js')");
    expect(script).toContain("Register-ScheduledTask -TaskName 'School E-safety collector'");
    expect(() => windowsServiceScript({ installDir: 'C:\\x"y', nodePath: 'n', envFile: 'e', dataDir: 'd' })).toThrow(/quotes/);
  });
});
