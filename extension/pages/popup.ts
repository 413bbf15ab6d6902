import type { DeviceStatus } from '../background/messages';
import { engineFor } from '../../shared/search/kid-safe-engines';
import { mountBoardSection } from './popup-board';

const dl = document.getElementById('status')!;

const ROLE_NAMES: Record<string, string> = { pupil: 'Pupil', staff: 'Staff', board: 'Classroom board' };

function searchLine(s: DeviceStatus): string {
  const name = s.search?.engineName ?? engineFor(s.engine).name;
  switch (s.search?.mode) {
    case 'safesearch':
      return 'Google and Bing with SafeSearch';
    case 'off':
      return 'Not filtered';
    default:
      return `${name} (searches go here)`;
  }
}

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
  row('Enrolled', s.enrolled ? 'Yes' : 'Not yet', s.enrolled ? 'ok' : 'warn');
  row('Status', s.connected ? 'Connected' : s.enrolled ? 'Offline (alerts are kept until reconnected)' : 'Not connected to the school', s.connected ? 'ok' : 'warn');
  row('Role', `${ROLE_NAMES[s.role] ?? s.role} (group ${s.group})`);
  row('Search', searchLine(s));
  row('Policy version', String(s.policyVersion));
  row('Last sync', s.lastSync ? new Date(s.lastSync).toLocaleString('en-GB') : 'never');
  if (s.outboxDepth) row('Waiting to send', String(s.outboxDepth));
  if (s.user) row('User', s.user);
  if (s.lastError && !s.connected) row('Last problem', s.lastError, 'warn');
  for (const p of s.managedProblems.filter((x) => !x.startsWith('managed storage unavailable'))) row('Configuration', p, 'warn');
}

void render();
mountBoardSection(document.querySelector('main')!);
