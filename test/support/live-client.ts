import WebSocket from 'ws';

/** A staff dashboard's live socket (/api/live, session cookie): collects what the collector pushes. */
export async function openLive(url: string, cookie: string): Promise<{ ws: WebSocket; messages: any[] }> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/api/live', { headers: { cookie } });
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  return { ws, messages };
}
