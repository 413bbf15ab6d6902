import http from 'node:http';
import https from 'node:https';

/**
 * POST JSON with node:http(s). The agent avoids global fetch: its first use loads undici,
 * about 10 MB of resident memory in a service whose target is under 80 MB.
 */
export function postJson(url: string, body: unknown, timeoutMs = 30_000): Promise<{ status: number; json: unknown }> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 1024 * 1024) req.destroy(new Error('response over 1 MB'));
        else chunks.push(c);
      });
      res.on('end', () => {
        let json: unknown = {};
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // not JSON: the status says what happened
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${u.host} in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}
