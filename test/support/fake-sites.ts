import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCert } from './certs';

export interface SeenRequest {
  host: string;
  url: string;
  method: string;
  at: number;
  /** Request headers as received (lower-case names). */
  headers: http.IncomingHttpHeaders;
}

export type PageHandler = (
  req: http.IncomingMessage,
  url: URL,
) => { status?: number; type?: string; body: string; headers?: Record<string, string> } | undefined;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The "internet" for end-to-end tests: one HTTP and one HTTPS server answering for every host
 * (Chromium maps all hosts here with --host-resolver-rules). Each page names its host and URL
 * and has a text box, so tests can see where the browser landed and type into it.
 */
export class FakeSites {
  readonly requests: SeenRequest[] = [];
  private readonly handlers: PageHandler[] = [];
  private httpServer!: http.Server;
  private httpsServer!: https.Server;
  httpPort = 0;
  httpsPort = 0;

  /** Add a custom page; the first handler returning a response wins. */
  on(handler: PageHandler): void {
    this.handlers.unshift(handler);
  }

  private handle = (req: http.IncomingMessage, res: http.ServerResponse, scheme: 'http' | 'https') => {
    const host = (req.headers.host ?? 'unknown').replace(/:\d+$/, '');
    const url = new URL(`${scheme}://${host}${req.url ?? '/'}`);
    this.requests.push({ host, url: url.toString(), method: req.method ?? 'GET', at: Date.now(), headers: req.headers });
    for (const h of this.handlers) {
      const r = h(req, url);
      if (r) {
        res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'text/html; charset=utf-8', ...r.headers });
        res.end(r.body);
        return;
      }
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>${escapeHtml(host)}</title></head><body>
<h1 id="where">${escapeHtml(url.toString())}</h1>
<form id="form" action="/submitted" method="get"><input id="search" name="q" type="search">
<textarea id="text" rows="4" cols="60"></textarea><div id="editor" contenteditable="true" style="min-height:3em;border:1px solid #999"></div>
<button id="go">Go</button></form></body></html>`);
  };

  async start(): Promise<this> {
    const { key, cert } = selfSignedCert();
    this.httpServer = http.createServer((q, s) => this.handle(q, s, 'http'));
    this.httpsServer = https.createServer({ key, cert }, (q, s) => this.handle(q, s, 'https'));
    await Promise.all([
      new Promise<void>((r) => this.httpServer.listen(0, '127.0.0.1', r)),
      new Promise<void>((r) => this.httpsServer.listen(0, '127.0.0.1', r)),
    ]);
    this.httpPort = (this.httpServer.address() as AddressInfo).port;
    this.httpsPort = (this.httpsServer.address() as AddressInfo).port;
    return this;
  }

  /** Chromium flag that sends every host here, except loopback (where the collector runs). */
  get hostResolverRules(): string {
    return `MAP *:443 127.0.0.1:${this.httpsPort}, MAP *:80 127.0.0.1:${this.httpPort}, EXCLUDE localhost, EXCLUDE 127.0.0.1`;
  }

  /** Requests that reached a host (ignores Chromium's own background traffic to other hosts). */
  requestsTo(host: string | RegExp): SeenRequest[] {
    return this.requests.filter((r) => (typeof host === 'string' ? r.host === host : host.test(r.host)));
  }

  async stop(): Promise<void> {
    this.httpServer.closeAllConnections();
    this.httpsServer.closeAllConnections();
    await Promise.all([new Promise((r) => this.httpServer.close(r)), new Promise((r) => this.httpsServer.close(r))]);
  }
}
