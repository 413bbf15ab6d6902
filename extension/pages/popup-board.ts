/**
 * The popup's board-mode section: shows whether board mode is on and why, and lets a teacher
 * switch it on early (or off, where the school's policy allows). The worker decides; this
 * only asks and shows the answer.
 */
import type { BoardStatus } from '../background/board-controller';

type ToggleReply = { accepted: boolean; message?: string; status: BoardStatus };

const REASONS: Record<string, string> = {
  display: 'a board is attached',
  agent: 'this PC is projecting',
  designated: 'this is a board PC',
  teacher: 'switched by a teacher',
  collector: 'set by the school',
  policy: 'policy',
  startup: 'starting',
};

export function mountBoardSection(parent: HTMLElement): void {
  const section = document.createElement('section');
  section.className = 'card';
  section.id = 'board';
  section.setAttribute('aria-labelledby', 'board-title');
  const h2 = document.createElement('h2');
  h2.id = 'board-title';
  h2.textContent = 'Board mode';
  h2.style.cssText = 'font-size:1rem;margin:0 0 .5rem';
  const state = document.createElement('p');
  state.id = 'board-state';
  state.setAttribute('aria-live', 'polite');
  const button = document.createElement('button');
  button.id = 'board-toggle';
  button.className = 'button';
  button.type = 'button';
  const message = document.createElement('p');
  message.id = 'board-message';
  message.className = 'warn';
  message.setAttribute('role', 'status');
  message.hidden = true;
  section.append(h2, state, button, message);
  section.style.marginTop = '1rem';
  parent.append(section);

  let current: BoardStatus | null = null;
  const show = (s: BoardStatus) => {
    current = s;
    state.textContent = s.on ? `On: ${REASONS[s.reason] ?? s.reason}. YouTube and open search are paused.` : 'Off';
    state.className = s.on ? 'ok' : '';
    button.textContent = s.on ? 'Switch board mode off' : 'Switch board mode on';
    button.disabled = s.on ? !s.teacherCan.off : !s.teacherCan.on;
    button.title = button.disabled ? 'Your school has not allowed this from here.' : '';
  };

  button.addEventListener('click', async () => {
    if (!current) return;
    button.disabled = true;
    const reply = (await chrome.runtime.sendMessage({ type: 'board-toggle', on: !current.on })) as ToggleReply;
    message.hidden = reply.accepted;
    message.textContent = reply.accepted ? '' : (reply.message ?? 'Not allowed.');
    show(reply.status);
  });

  void chrome.runtime.sendMessage({ type: 'board-status' }).then((s: BoardStatus) => show(s));
}
