import type { DeviceStatus } from '../background/messages';
import { fillTemplate } from '../../shared/search/kid-safe-engines';

/**
 * The start page (chrome_url_overrides.newtab). Per policy: our kid-safe page with one search
 * box to the school's engine ("extension"), straight to the engine's home ("engine"), or, for
 * staff ("browser"), the same box searching Google (SafeSearch is forced by the rules).
 */
const form = document.getElementById('search') as HTMLFormElement;
const input = document.getElementById('q') as HTMLInputElement;
const note = document.getElementById('engine-note')!;
const title = document.getElementById('title')!;
let template = 'https://www.kiddle.co/s.php?q={q}';

void chrome.runtime
  .sendMessage({ type: 'status' })
  .then((s: DeviceStatus) => {
    const search = s?.search;
    if (!search) return;
    if (search.startPage === 'engine' && search.mode === 'redirect') {
      location.replace(search.engineHome);
      return;
    }
    if (search.mode === 'redirect') {
      template = search.engineWeb;
      note.textContent = `Searches use ${search.engineName}, a search engine made for children.`;
    } else {
      template = 'https://www.google.com/search?q={q}';
      title.textContent = 'New tab';
      input.placeholder = 'Search Google';
      note.textContent = search.mode === 'safesearch' ? 'SafeSearch is on for this school device.' : '';
    }
  })
  .catch(() => undefined);

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = input.value.trim();
  if (q) location.href = fillTemplate(template, encodeURIComponent(q));
});
