import type { DeviceStatus } from '../background/messages';
import { engineFor } from '../../shared/search/kid-safe-engines';

const dl = document.getElementById('status')!;

function row(label: string, value: string, cls?: string): void {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  if (cls) dd.className = cls;
  dl.append(dt, dd);
}

async function render(): Promise<void> {
  const s = (await chrome.runtime.sendMessage({ type: 'status' })) as DeviceStatus;
  dl.replaceChildren();
  row('Status', s.connected ? 'Connected' : s.enrolled ? 'Offline (alerts are kept until reconnected)' : 'Not enrolled', s.connected ? 'ok' : 'warn');
  row('Role', `${s.role} (group ${s.group})`);
  row('Search engine', engineFor(s.engine).name);
  row('Board mode', s.board.on ? `On (${s.board.reason})` : 'Off');
  row('Policy version', String(s.policyVersion));
  row('Last sync', s.lastSync ? new Date(s.lastSync).toLocaleString('en-GB') : 'never');
  if (s.outboxDepth) row('Waiting to send', String(s.outboxDepth));
  if (s.user) row('User', s.user);
  if (s.lastError && !s.connected) row('Last problem', s.lastError, 'warn');
  for (const p of s.managedProblems.filter((x) => !x.startsWith('managed storage unavailable'))) row('Configuration', p, 'warn');
}

void render();
