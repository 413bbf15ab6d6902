import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../policy/defaults';
import { resolvePolicy, type EffectivePolicy } from '../policy/resolve';
import { PolicyDocument } from '../policy/schema';
import { boardAllowlist, boardBlocklist } from './board-hosts';
import { boardDecision, boardPageUrl } from './board-decision';
import { buildSearchRules } from '../search/dnr-rules';
import { BOARD_ALLOW_PRIORITY, BOARD_RULE_ID_MAX, BOARD_RULE_ID_MIN, buildBoardRules, SUSPENSION_MIN_PRIORITY } from './board-rules';

const ID = 'dQw4w9WgXcQ';
const doc = defaultPolicy();
doc.board.approvedVideos = [{ id: 'aaaaaaaaaaa', title: 'The water cycle' }];
const staff = resolvePolicy(doc, { group: 'staff' });
const pupil = resolvePolicy(doc, { group: 'pupil' });
const blocking: EffectivePolicy = { ...staff, board: { ...staff.board, search: 'block' } };

describe('boardDecision', () => {
  it.each([
    `https://www.youtube.com/watch?v=${ID}`,
    `https://m.youtube.com/watch?v=${ID}`,
    `https://music.youtube.com/watch?v=${ID}`,
    `https://youtu.be/${ID}`,
    `https://www.youtube.com/shorts/${ID}`,
    `https://www.youtube-nocookie.com/embed/${ID}`,
    `https://yewtu.be/watch?v=${ID}`,
    `https://piped.video/watch?v=${ID}`,
  ])('blocks %s and names the video', (url) => {
    expect(boardDecision(url, staff)).toEqual({ action: 'block', why: 'youtube', videoId: ID });
  });

  it('blocks YouTube pages without a video and media hosts', () => {
    expect(boardDecision('https://www.youtube.com/', staff)).toEqual({ action: 'block', why: 'youtube', videoId: null });
    expect(boardDecision('https://rr3---sn-aigl6n7s.googlevideo.com/videoplayback?id=1', staff)).toMatchObject({ action: 'block' });
  });

  it('lets approved videos play in the embed player, and nothing else of YouTube', () => {
    expect(boardDecision('https://www.youtube-nocookie.com/embed/aaaaaaaaaaa', staff)).toEqual({ action: 'allow' });
    expect(boardDecision('https://www.youtube.com/watch?v=aaaaaaaaaaa', staff)).toMatchObject({ action: 'block' });
  });

  it.each([
    `https://viewpure.com/${ID}`,
    'https://www.bbc.co.uk/bitesize/topics/zkcqn39',
    'https://www.thenational.academy/pupils',
    'https://www.purplemash.com/',
    'https://docs.google.com/presentation/d/1',
    'https://classroom.google.com/',
    'https://www.office.com/',
    'https://scratch.mit.edu/projects/1',
    'https://play.ttrockstars.com/',
    'https://www.kiddle.co/s.php?q=cats',
    'https://homework.example.org/',
  ])('keeps %s reachable', (url) => {
    expect(boardDecision(url, staff)).toEqual({ action: 'allow' });
  });

  it('sends open Google/Bing search to the kid-safe engine when policy says redirect', () => {
    expect(boardDecision('https://www.google.com/search?q=volcanoes', staff)).toEqual({
      action: 'redirect',
      why: 'search',
      to: 'https://www.kiddle.co/s.php?q=volcanoes',
    });
  });

  it('blocks open search when policy says block', () => {
    expect(boardDecision('https://www.bing.com/search?q=volcanoes', blocking)).toEqual({ action: 'block', why: 'search', videoId: null });
  });

  it('honours the school extra blocked and allowed hosts', () => {
    const p: EffectivePolicy = { ...staff, board: { ...staff.board, extraBlockedHosts: ['newtube.example'], extraAllowedHosts: ['school-videos.example'] } };
    expect(boardDecision('https://newtube.example/watch?v=x', p)).toMatchObject({ action: 'block' });
    expect(boardDecision('https://school-videos.example/', p)).toEqual({ action: 'allow' });
  });

  it('refuses a badly written extra host in the policy, and never puts one in a rule', () => {
    const bad = defaultPolicy();
    bad.board.extraBlockedHosts = ['https://newtube.example/watch'];
    const r = PolicyDocument.safeParse(bad);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('must be a host name such as newtube.example');
    const ok = defaultPolicy();
    ok.board.extraAllowedHosts = ['  School-Videos.Example '];
    expect(PolicyDocument.parse(ok).board.extraAllowedHosts).toEqual(['school-videos.example']);
    const cached: EffectivePolicy = { ...staff, board: { ...staff.board, extraBlockedHosts: ['NewTube.example', 'http://x/y', ''] } };
    const domains = buildBoardRules(cached, 'chrome-extension://x').flatMap((x) => [...(x.condition.requestDomains ?? []), ...(x.condition.excludedRequestDomains ?? [])]);
    expect(domains).toContain('newtube.example');
    expect(domains.every((d) => /^[a-z0-9.-]+$/.test(d))).toBe(true);
  });

  it('builds the board page URL with the original in the fragment', () => {
    expect(boardPageUrl('chrome-extension://abc/', 'youtube', 'https://youtu.be/x#t')).toBe('chrome-extension://abc/pages/board.html?why=youtube#https://youtu.be/x#t');
  });
});

describe('buildBoardRules', () => {
  it('keeps every rule id inside the board range, unique', () => {
    for (const p of [staff, pupil, blocking]) {
      const ids = buildBoardRules(p, 'chrome-extension://x').map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => id >= BOARD_RULE_ID_MIN && id <= BOARD_RULE_ID_MAX)).toBe(true);
    }
  });

  it('outranks every search rule on the device, while its allow rules outrank its own blocks', () => {
    for (const p of [staff, pupil, blocking]) {
      const searchMax = Math.max(...buildSearchRules(p).map((r) => r.priority ?? 1));
      const board = buildBoardRules(p, 'chrome-extension://x');
      const blocks = board.filter((r) => r.action.type === 'redirect' || r.action.type === 'block');
      expect(Math.min(...blocks.map((r) => r.priority ?? 1))).toBeGreaterThan(searchMax);
      const allows = board.filter((r) => r.action.type === 'allow' || r.action.type === 'allowAllRequests');
      expect(allows.every((r) => r.priority === BOARD_ALLOW_PRIORITY)).toBe(true);
      expect(Math.max(...blocks.map((r) => r.priority ?? 1))).toBeLessThan(BOARD_ALLOW_PRIORITY);
    }
    expect(SUSPENSION_MIN_PRIORITY).toBeGreaterThan(BOARD_ALLOW_PRIORITY);
  });

  it('adds no duplicate search redirects for pupils (their search rules already redirect)', () => {
    expect(buildBoardRules(pupil, 'chrome-extension://x').filter((r) => r.action.type === 'redirect' && !r.condition.requestDomains)).toEqual([]);
    expect(buildBoardRules(staff, 'chrome-extension://x').some((r) => r.action.redirect?.regexSubstitution?.includes('kiddle'))).toBe(true);
  });

  it('redirects YouTube pages and embeds to the board page with the original URL', () => {
    const r = buildBoardRules(staff, 'chrome-extension://abc').find((x) => x.condition.requestDomains?.includes('youtu.be') && x.action.type === 'redirect')!;
    expect(r.action.redirect?.regexSubstitution).toBe('chrome-extension://abc/pages/board.html?why=youtube#\\0');
    expect(r.condition.resourceTypes).toEqual(['main_frame', 'sub_frame']);
  });
});

describe('browser-policy lists for the Windows agent', () => {
  it('blocks YouTube and front-ends but not the media ViewPure plays through', () => {
    const list = boardBlocklist(staff);
    expect(list).toEqual(expect.arrayContaining(['youtube.com', 'youtu.be', 'youtube-nocookie.com', 'yewtu.be', 'piped.video']));
    expect(list).not.toContain('googlevideo.com');
    expect(list).not.toContain('.google.com/search');
    expect(boardBlocklist(blocking)).toContain('.google.com/search');
  });
  it('allows ViewPure, teaching sites and the embed players', () => {
    expect(boardAllowlist(staff)).toEqual(expect.arrayContaining(['viewpure.com', 'bbc.co.uk', 'youtube.com/embed', 'youtube-nocookie.com/embed']));
  });
});
