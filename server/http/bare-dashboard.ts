import { Hono } from 'hono';

/**
 * The first, bare dashboard page: sign in, see alerts live. Everything from the API is put in
 * the page with textContent, never innerHTML, so pupil-typed text stays text.
 */
const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>E-safety collector</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #ccc; padding: .4rem; text-align: left; vertical-align: top; }
  .sev5, .sev4 { color: #a00000; font-weight: bold; }
  mark { background: #ffe08a; }
  label { display: block; margin: .5rem 0; }
  [hidden] { display: none; }
</style>
<script type="module" src="/bare.js"></script>
</head>
<body>
<h1>E-safety collector</h1>
<form id="login">
  <label>E-mail <input name="email" type="email" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button>Sign in</button>
  <p id="login-error" role="alert"></p>
</form>
<section id="alerts" hidden>
  <p>Signed in as <span id="who"></span>.</p>
  <h2>Alerts</h2>
  <table>
    <thead><tr><th>Severity</th><th>When</th><th>Category</th><th>What</th><th>Where</th><th>Device</th><th>User</th></tr></thead>
    <tbody id="rows"></tbody>
  </table>
</section>
</body>
</html>`;

const SCRIPT = `
const $ = (s) => document.querySelector(s);
function cell(tr, text, cls) { const td = document.createElement('td'); td.textContent = text ?? ''; if (cls) td.className = cls; tr.append(td); return td; }
function row(a) {
  const tr = document.createElement('tr');
  tr.dataset.id = a.id;
  cell(tr, String(a.severity), 'sev' + a.severity);
  cell(tr, new Date(a.at).toLocaleString('en-GB'));
  cell(tr, a.category ?? a.kind);
  const what = cell(tr, '');
  const ctx = a.context ?? '';
  if (a.matchStart != null && a.matchEnd != null) {
    const m = document.createElement('mark');
    m.textContent = ctx.slice(a.matchStart, a.matchEnd);
    what.append(ctx.slice(0, a.matchStart), m, ctx.slice(a.matchEnd));
  } else what.textContent = ctx;
  cell(tr, a.url);
  cell(tr, a.deviceId);
  cell(tr, a.user);
  return tr;
}
async function load() {
  const res = await fetch('/api/alerts');
  if (!res.ok) return false;
  const { alerts } = await res.json();
  $('#rows').replaceChildren(...alerts.map(row));
  return true;
}
function live() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live');
  ws.onmessage = (m) => { const e = JSON.parse(m.data); if (e.type === 'alert') $('#rows').prepend(row(e.alert)); };
  ws.onclose = () => setTimeout(live, 3000);
}
async function show() {
  const s = await fetch('/api/session');
  if (!s.ok) return;
  const { staff } = await s.json();
  $('#who').textContent = staff.name + ' (' + staff.role + ')';
  $('#login').hidden = true;
  $('#alerts').hidden = false;
  await load();
  live();
}
$('#login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: f.get('email'), password: f.get('password') }) });
  if (!res.ok) { $('#login-error').textContent = (await res.json()).message; return; }
  await show();
});
show();
`;

export function bareDashboard(): Hono {
  const r = new Hono();
  r.get('/', (ctx) => ctx.html(PAGE));
  r.get('/bare.js', (ctx) => ctx.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  return r;
}
