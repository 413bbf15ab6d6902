import type { DeviceStatus } from '../background/messages';
import { engineFor, searchUrl } from '../../shared/search/kid-safe-engines';

/** The kid-safe start page: one search box that goes to the school's chosen engine. */
const form = document.getElementById('search') as HTMLFormElement;
const input = document.getElementById('q') as HTMLInputElement;
const note = document.getElementById('engine-note')!;
let engineId = 'kiddle';

void chrome.runtime.sendMessage({ type: 'status' }).then((s: DeviceStatus) => {
  engineId = s.engine;
  note.textContent = `Searches use ${engineFor(engineId).name}, a search engine made for children.`;
});

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = input.value.trim();
  if (q) location.href = searchUrl(engineFor(engineId), q);
});
