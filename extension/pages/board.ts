/**
 * The board-mode page: a YouTube page or embed (or open search) was asked for while the board
 * is projecting. Says why, offers the same video on ViewPure, and lists approved videos.
 * The blocked URL arrives in the fragment (see shared/board/board-rules.ts); it is only ever
 * put into text and into links we build, never into markup.
 */
import { approvedEmbedUrl, viewPureUrl, youtubeVideoId, videoIdFromPath } from '../../shared/board/youtube-url';
import type { BoardStatus } from '../background/board-controller';

const why = new URLSearchParams(location.search).get('why') === 'search' ? 'search' : 'youtube';
// Not decoded: the URL keeps its own percent-escapes (decoding would turn %26 into a real &).
const original = location.hash.slice(1);
const $ = (id: string) => document.getElementById(id)!;

if (window.top !== window) document.body.classList.add('framed');

function videoId(url: string): string | null {
  const direct = youtubeVideoId(url);
  if (direct) return direct;
  try {
    return videoIdFromPath(new URL(url));
  } catch {
    return null;
  }
}

const REASONS: Record<string, string> = {
  display: 'a board or second screen is attached',
  agent: 'this computer is projecting to a board',
  designated: 'this computer drives a classroom board',
  teacher: 'a teacher switched it on',
  collector: 'the school switched it on from the dashboard',
};

function render(status: BoardStatus | null): void {
  if (why === 'search') {
    $('headline').textContent = 'Web search is paused while the board is projecting';
    $('explain').textContent =
      "Board mode is on. The school's policy is no open Google or Bing search on the classroom board while it is projecting.";
  }
  const id = why === 'youtube' && original ? videoId(original) : null;
  if (id) {
    const a = $('viewpure') as HTMLAnchorElement;
    a.href = viewPureUrl(id);
    a.hidden = false;
    $('viewpure-help').hidden = false;
  }
  const list = $('videos');
  list.replaceChildren();
  for (const v of status?.approvedVideos ?? []) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = approvedEmbedUrl(v.id);
    a.target = '_top';
    a.rel = 'noreferrer';
    a.textContent = `▶ ${v.title}`;
    li.append(a);
    list.append(li);
  }
  $('approved').hidden = !list.children.length;
  if (status) {
    $('why').textContent = status.on ? `Board mode is on because ${REASONS[status.reason] ?? status.reason}.` : '';
    const off = !status.on;
    $('off-note').hidden = !off || !original;
    if (off && original && /^https?:/i.test(original)) ($('back') as HTMLAnchorElement).href = original;
  }
}

async function refresh(): Promise<void> {
  const status = (await chrome.runtime.sendMessage({ type: 'board-status' }).catch(() => null)) as BoardStatus | null;
  render(status);
}

render(null);
void refresh();
// When the board is unplugged, say so and offer the way back.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes['board:last']) void refresh();
});
