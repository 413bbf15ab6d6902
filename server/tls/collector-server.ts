import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { CollectorConfig } from '../config';
import { ConfigError } from '../config';

export interface CollectorServer {
  server: http.Server | https.Server;
  scheme: 'http' | 'https';
  /** Re-read TLS_CERT/TLS_KEY (after a certificate renewal) without dropping connections. */
  reloadTls(): void;
}

function readPem(variable: string, file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!text.includes('-----BEGIN ')) throw new ConfigError(`${variable}: ${file} is not a PEM file`);
  return text;
}

/** Read and check the certificate chain and key: they must parse and belong together. */
export function loadTlsFiles(certFile: string, keyFile: string): { cert: string; key: string; subject: string; validTo: string } {
  const cert = readPem('TLS_CERT', certFile);
  const key = readPem('TLS_KEY', keyFile);
  let x509: crypto.X509Certificate;
  let privateKey: crypto.KeyObject;
  try {
    x509 = new crypto.X509Certificate(cert);
  } catch (err) {
    throw new ConfigError(`TLS_CERT: ${certFile} holds no readable certificate (${String(err)})`);
  }
  try {
    privateKey = crypto.createPrivateKey(key);
  } catch (err) {
    throw new ConfigError(`TLS_KEY: ${keyFile} holds no readable private key (is it encrypted? use an unencrypted key readable only by the service) (${String(err)})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new ConfigError(`TLS_KEY: ${keyFile} is not the key for the certificate in ${certFile}`);
  return { cert, key, subject: x509.subject.replace(/\n/g, ', '), validTo: x509.validTo };
}

/**
 * The collector's listener: HTTPS/WSS straight from TLS_CERT + TLS_KEY when both are set,
 * plain HTTP otherwise (localhost, or behind a TLS-terminating reverse proxy: see README).
 */
export function createCollectorServer(config: Pick<CollectorConfig, 'TLS_CERT' | 'TLS_KEY'>, listener: http.RequestListener): CollectorServer {
  const { TLS_CERT, TLS_KEY } = config;
  if (!TLS_CERT !== !TLS_KEY) throw new ConfigError('Invalid collector configuration:\n  TLS_CERT and TLS_KEY must be set together (certificate chain and private key, PEM files)');
  if (!TLS_CERT || !TLS_KEY) return { server: http.createServer(listener), scheme: 'http', reloadTls: () => undefined };
  const { cert, key } = loadTlsFiles(TLS_CERT, TLS_KEY);
  const server = https.createServer({ cert, key, minVersion: 'TLSv1.2' }, listener);
  return {
    server,
    scheme: 'https',
    reloadTls() {
      const fresh = loadTlsFiles(TLS_CERT, TLS_KEY);
      server.setSecureContext({ cert: fresh.cert, key: fresh.key, minVersion: 'TLSv1.2' });
    },
  };
}
