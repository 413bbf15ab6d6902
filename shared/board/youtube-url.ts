/**
 * Recognise a YouTube video link in every form a pupil or teacher meets, and pull out its
 * 11-character video id (the same id ViewPure uses: https://viewpure.com/<id>).
 */
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

/** Hosts that serve YouTube's own pages (every subdomain counts: m., music., gaming., www.). */
const YOUTUBE_PAGE_HOST = /(^|\.)(youtube\.com|youtube-nocookie\.com|youtubekids\.com)$/i;
const SHORT_HOST = /^(www\.)?youtu\.be$/i;

/** Path forms with the id as the next segment: /shorts/ID, /embed/ID, /v/ID, /e/ID, /live/ID. */
const PATH_FORMS = /^\/(?:shorts|embed|v|e|live|watch)\/([A-Za-z0-9_-]{11})(?:[/?#]|$)/;

export const isVideoId = (id: string | null | undefined): id is string => !!id && VIDEO_ID.test(id);

function parse(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/** Video id from a URL's path and query, whatever the host (used for front-ends too). */
export function videoIdFromPath(u: URL): string | null {
  const v = u.searchParams.get('v');
  if (u.pathname === '/watch' || u.pathname === '/watch/' || u.pathname === '/') {
    if (isVideoId(v)) return v;
  }
  const m = PATH_FORMS.exec(u.pathname);
  if (m) return m[1]!;
  // /attribution_link?u=/watch%3Fv%3DID and similar wrappers carry the real path in "u".
  const inner = u.searchParams.get('u');
  if (inner && inner.startsWith('/')) {
    const nested = parse(`https://${u.hostname}${inner}`);
    if (nested && nested.searchParams.get('u') === null) return videoIdFromPath(nested);
  }
  return isVideoId(v) ? v : null;
}

/** The video id of a YouTube link (youtube.com, m./music., youtu.be, nocookie embeds), or null. */
export function youtubeVideoId(url: string, extraHosts: ReadonlySet<string> = new Set()): string | null {
  const u = parse(url);
  if (!u) return null;
  const host = u.hostname.toLowerCase();
  if (SHORT_HOST.test(host)) {
    const id = u.pathname.split('/')[1] ?? '';
    return isVideoId(id) ? id : null;
  }
  if (YOUTUBE_PAGE_HOST.test(host) || extraHosts.has(host.replace(/^www\./, ''))) return videoIdFromPath(u);
  return null;
}

/** ViewPure's page for a video: the vetted way to show it on the board (seed 002). */
export const viewPureUrl = (videoId: string): string => `https://viewpure.com/${encodeURIComponent(videoId)}`;

/** The privacy-enhanced embed player for an approved video (no comments, no recommendations feed). */
export const approvedEmbedUrl = (videoId: string): string => `https://www.youtube-nocookie.com/embed/${encodeURIComponent(videoId)}`;
