import type { FakeSites } from './fake-sites';

/** A video id used by the board-mode tests, and an approved one. */
export const VIDEO = 'dQw4w9WgXcQ';
export const APPROVED = { id: 'Aa1Bb2Cc3Dd', title: 'The water cycle <for Year 4>' };

/**
 * Fake pages that behave like the real ones where board mode cares: ViewPure embeds
 * YouTube's player, which streams from googlevideo.com; a lesson page embeds a video.
 */
export function addBoardSites(sites: FakeSites): void {
  sites.on((_req, url) => {
    const host = url.hostname;
    if (host === 'viewpure.com' && /^\/[A-Za-z0-9_-]{11}$/.test(url.pathname)) {
      const id = url.pathname.slice(1);
      return {
        body: `<!doctype html><title>ViewPure</title><h1 id="where">${url}</h1>
<img id="thumb" src="https://i.ytimg.com/vi/${id}/hqdefault.jpg" alt="">
<iframe id="player" src="https://www.youtube.com/embed/${id}?autoplay=0" width="640" height="360"></iframe>`,
      };
    }
    if (/(^|\.)youtube(-nocookie)?\.com$/.test(host) && url.pathname.startsWith('/embed/')) {
      const id = url.pathname.split('/')[2];
      return {
        body: `<!doctype html><title>player</title><p id="where">${url}</p>
<script>fetch('https://rr1---sn-fake.googlevideo.com/videoplayback?id=${id}', { mode: 'no-cors' }).then(() => document.title = 'streamed', () => document.title = 'stream blocked');</script>`,
      };
    }
    if (url.pathname === '/videoplayback') return { type: 'application/octet-stream', body: 'not really a video' };
    if (host === 'homework.example.org' && url.pathname === '/lesson') {
      return {
        body: `<!doctype html><title>Lesson</title><h1 id="where">${url}</h1>
<iframe id="embed" src="https://www.youtube-nocookie.com/embed/${VIDEO}" width="560" height="315"></iframe>`,
      };
    }
    return undefined;
  });
}
