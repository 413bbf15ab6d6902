import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { wsProtocols } from '../../shared/protocol/messages';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { startCollector } from '../support/in-process-collector';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-tls-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A self-signed certificate for 127.0.0.1/localhost, as a school's own CA or Let's Encrypt would issue. */
function makeCert(name: string): { cert: string; key: string; certFile: string; keyFile: string } {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

function post(url: string, ca: string, json: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(json));
  });
}

const peerFingerprint = (port: number, ca: string) =>
  new Promise<string>((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(s.getPeerX509Certificate()!.fingerprint256);
      s.end();
    });
    s.on('error', reject);
  });

describe('TLS: HTTPS and WSS straight from TLS_CERT/TLS_KEY', () => {
  it('serves the API, device enrolment, WSS and the update manifest over verified TLS; reloads the certificate on SIGHUP', async () => {
    const a = makeCert('collector-a');
    const ext = fs.mkdtempSync(path.join(dir, 'ext-'));
    fs.writeFileSync(path.join(ext, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'x', version: '1.0.0' }));
    const collector = new CollectorProcess({ env: { TLS_CERT: a.certFile, TLS_KEY: a.keyFile, EXTENSION_DIR: ext } });
    await collector.start();
    try {
      expect(collector.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await get(`${collector.url}/healthz`, a.cert)).toMatchObject({ status: 200 });
      const enrol = await post(`${collector.url}/api/v1/enrol`, a.cert, { v: 1, token: TEST_ENROLMENT_TOKEN, kind: 'extension', version: '0.1.0' });
      expect(enrol.status).toBe(201);
      const creds = JSON.parse(enrol.body) as { deviceId: string; secret: string };
      const ws = new WebSocket(`${collector.url.replace('https', 'wss')}/api/v1/device/ws`, wsProtocols(creds.deviceId, creds.secret), { ca: a.cert });
      const first = await new Promise<{ type: string }>((resolve, reject) => {
        ws.once('message', (d) => resolve(JSON.parse(String(d))));
        ws.once('error', reject);
      });
      expect(first.type).toBe('welcome');
      ws.close();
      const xml = await get(`${collector.url}/extension/updates.xml`, a.cert);
      expect(xml.status).toBe(200);
      expect(xml.body).toContain(`codebase='${collector.url}/extension/esafety.crx`);
      // Plain HTTP to the TLS port is not served.
      await expect(fetch(collector.url.replace('https', 'http') + '/healthz')).rejects.toThrow();

      // Certificate renewed (certbot, school CA): SIGHUP swaps it without a restart.
      const b = makeCert('collector-b');
      expect(await peerFingerprint(collector.port, a.cert)).toBe(new crypto.X509Certificate(a.cert).fingerprint256);
      fs.copyFileSync(b.certFile, a.certFile);
      fs.copyFileSync(b.keyFile, a.keyFile);
      (collector as unknown as { child: { kill(s: string): void } }).child.kill('SIGHUP');
      let seen = '';
      for (let i = 0; i < 50 && seen !== new crypto.X509Certificate(b.cert).fingerprint256; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await peerFingerprint(collector.port, b.cert).catch(() => '');
      }
      expect(seen).toBe(new crypto.X509Certificate(b.cert).fingerprint256);
    } finally {
      await collector.stop();
      collector.cleanup();
    }
  });

  it('refuses to start with a clear message when the certificate and key do not belong together, or one is missing', async () => {
    const a = makeCert('pair-a');
    const b = makeCert('pair-b');
    const mismatched = new CollectorProcess({ env: { TLS_CERT: a.certFile, TLS_KEY: b.keyFile } });
    await expect(mismatched.start()).rejects.toThrow(/TLS_KEY: .*pair-b\.key is not the key for the certificate in .*pair-a\.crt/);
    mismatched.cleanup();
    const half = new CollectorProcess({ env: { TLS_CERT: a.certFile } });
    await expect(half.start()).rejects.toThrow(/TLS_CERT and TLS_KEY must be set together/);
    half.cleanup();
    const missing = new CollectorProcess({ env: { TLS_CERT: path.join(dir, 'nope.crt'), TLS_KEY: a.keyFile } });
    await expect(missing.start()).rejects.toThrow(/TLS_CERT: cannot read .*nope\.crt \(ENOENT\)/);
    missing.cleanup();
  });
});

describe('behind a reverse proxy (TLS terminated by nginx/Caddy/IIS)', () => {
  it('trusts X-Forwarded-Proto only with TRUST_PROXY=1', async () => {
    const ext = fs.mkdtempSync(path.join(dir, 'ext-'));
    fs.writeFileSync(path.join(ext, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'x', version: '1.0.0' }));
    for (const trust of ['1', '0']) {
      const c = await startCollector({ env: { TRUST_PROXY: trust, EXTENSION_DIR: ext } });
      try {
        const res = await fetch(`${c.url}/extension/updates.xml`, { headers: { 'x-forwarded-proto': 'https' } });
        const xml = await res.text();
        const host = c.url.replace('http://', '');
        expect(xml).toContain(`codebase='${trust === '1' ? 'https' : 'http'}://${host}/extension/esafety.crx`);
      } finally {
        await c.stop();
      }
    }
  });
});
