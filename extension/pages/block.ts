import type { DeviceStatus } from '../background/messages';

/**
 * Block page: explains kindly why a page is closed and what to do next. Its reason comes only
 * from the URL (`?reason=search|board|suspended|policy`); nothing from the blocked page is
 * shown, and all text is set with textContent.
 */
const REASONS: Record<string, { headline: string; explain: string }> = {
  search: {
    headline: "Let's search somewhere safer",
    explain: 'This way of searching is not used at school. Your school has a search engine made for children.',
  },
  board: {
    headline: 'Not while the class is watching',
    explain: 'This page is closed while the screen is shown on the classroom board.',
  },
  suspended: {
    headline: 'The internet is paused for you right now',
    explain: 'Your teacher will talk to you about this. It will come back on by itself.',
  },
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const reason = new URLSearchParams(location.search).get('reason') ?? 'policy';
const text = REASONS[reason];
if (text) {
  $('headline').textContent = text.headline;
  $('explain').textContent = text.explain;
  document.title = text.headline;
}

void chrome.runtime
  .sendMessage({ type: 'status' })
  .then((s: DeviceStatus) => {
    if (!s?.search || s.search.mode !== 'redirect' || reason === 'suspended') return;
    const link = $<HTMLAnchorElement>('engine-link');
    link.href = s.search.engineHome;
    link.textContent = s.search.engineName;
    const again = $<HTMLAnchorElement>('search-again');
    again.href = s.search.engineHome;
    again.textContent = `Search safely on ${s.search.engineName}`;
    again.hidden = false;
    $('todo-search').hidden = false;
  })
  .catch(() => undefined);

const form = $<HTMLFormElement>('concern');
$('report').addEventListener('click', () => {
  form.hidden = false;
  $('report').hidden = true;
  $<HTMLTextAreaElement>('concern-text').focus();
});
$('concern-cancel').addEventListener('click', () => {
  form.hidden = true;
  $('report').hidden = false;
});
form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const message = $<HTMLTextAreaElement>('concern-text').value;
  // The worker records this page's URL (it carries the reason) with the report.
  const failed = () => {
    $('concern-sent').textContent = 'Sorry, that did not send. Please tell your teacher instead.';
    $('concern-sent').hidden = false;
  };
  void chrome.runtime.sendMessage({ type: 'concern', message, screenshot: false }).then((r: { ok?: boolean } | undefined) => {
    if (!r?.ok) return failed();
    form.hidden = true;
    $('concern-sent').hidden = false;
  }, failed);
});
