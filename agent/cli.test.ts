import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cli } from './cli';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

describe('agent command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-agent-cli-'));
  const where = [
    '--config-file', path.join(dir, 'config.json'),
    '--native-host-dir', path.join(dir, 'hosts'),
    '--launcher', path.join(dir, 'native-host.sh'),
    '--policy-dir', path.join(dir, 'policy'),
    '--no-firefox',
    '--data-dir', path.join(dir, 'data'),
    '--socket', path.join(dir, 'native.sock'),
  ];

  it('refuses to install without a collector and token, or with a bad value, saying why', async () => {
    const err = capture();
    expect(await cli(['install', '--no-service', ...where], capture().stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(/--collector URL and --token T are required/);
    const err2 = capture();
    expect(await cli(['install', '--no-service', '--collector', 'http://collector.school.example', '--token', 'abcdefghijklmnopqrstu', ...where], capture().stream, err2.stream)).toBe(2);
    expect(err2.text()).toMatch(/plain http/);
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(false);
  });

  it('installs (configuration + native messaging host), reports status with the token hidden, and uninstalls', async () => {
    const out = capture();
    const code = await cli(['install', '--no-service', '--collector', 'https://collector.school.example', '--token', 'abcdefghijklmnopqrstu', '--group', 'board', ...where], out.stream, capture().stream);
    expect(code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({ collectorUrl: 'https://collector.school.example', enrolmentToken: 'abcdefghijklmnopqrstu', group: 'board' });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'hosts', 'uk.esafety.agent.json'), 'utf8'));
    expect(manifest.path).toBe(path.join(dir, 'native-host.sh'));
    const launcher = fs.readFileSync(path.join(dir, 'native-host.sh'), 'utf8');
    expect(launcher).toContain(`'native-host' '--socket' '${path.join(dir, 'native.sock')}' "$@"`);
    expect(launcher).toContain(`'${path.resolve(import.meta.dirname, 'main.ts')}' 'native-host'`);

    const status = capture();
    expect(await cli(['status', ...where], status.stream, capture().stream)).toBe(0);
    const s = JSON.parse(status.text());
    expect(s.config).toMatchObject({ collectorUrl: 'https://collector.school.example', enrolmentToken: '(set)', group: 'board' });
    expect(status.text()).not.toContain('abcdefghijklmnopqrstu');
    expect(s.deviceId).toBeNull();

    const un = capture();
    await cli(['uninstall', ...where], un.stream, capture().stream);
    expect(un.text()).toContain('Removed native messaging host.');
    expect(un.text()).toContain('Removed configuration.');
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'hosts', 'uk.esafety.agent.json'))).toBe(false);
  });

  it('names an unknown command', async () => {
    const err = capture();
    expect(await cli(['instal'], capture().stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(/Unknown agent command "instal"/);
  });
});
