import { describe, expect, it } from 'vitest';
import { boardDecision, type BoardDecision } from '../../shared/board/board-decision';
import { buildBoardRules } from '../../shared/board/board-rules';
import { TEACHING_HOSTS } from '../../shared/board/teaching-sites';
import type { EffectivePolicy } from '../../shared/policy/resolve';
import { buildSearchRules } from '../../shared/search/dnr-rules';
import { EXTENSION_ID } from '../support/browser';
import { simulate, type SimOutcome } from '../support/dnr-simulator';
import { MUST_NOT_TOUCH, MUST_REDIRECT } from '../fixtures/search/cases';
import { schoolPolicy } from './search-policies';

const ORIGIN = `chrome-extension://${EXTENSION_ID}`;
const ID = 'dQw4w9WgXcQ';
const APPROVED = 'Aa1Bb2Cc3Dd';

function withBoard(p: EffectivePolicy, search: 'redirect' | 'block'): EffectivePolicy {
  return { ...p, board: { ...p.board, search, approvedVideos: [{ id: APPROVED, title: 'Water cycle' }], extraBlockedHosts: ['newtube.example'] } };
}

const POLICIES: Record<string, EffectivePolicy> = {
  'pupil, board redirects search': withBoard(schoolPolicy(), 'redirect'),
  'pupil, board blocks search': withBoard(schoolPolicy(), 'block'),
  'staff, board redirects search': withBoard(schoolPolicy({ role: 'staff' }), 'redirect'),
  'staff, board blocks search': withBoard(schoolPolicy({ role: 'staff' }), 'block'),
};

const YOUTUBE = [
  `https://www.youtube.com/watch?v=${ID}`,
  `https://m.youtube.com/watch?v=${ID}&t=1`,
  `https://music.youtube.com/watch?v=${ID}`,
  `https://youtu.be/${ID}`,
  `https://www.youtube.com/shorts/${ID}`,
  `https://www.youtube.com/embed/${ID}`,
  `https://www.youtube-nocookie.com/embed/${ID}`,
  `https://www.youtube-nocookie.com/embed/${APPROVED}`,
  `https://www.youtube.com/embed/${APPROVED}?rel=0`,
  `https://www.youtube.com/watch?v=${APPROVED}`,
  'https://www.youtube.com/results?search_query=volcano',
  'https://rr3---sn-aigl6n7s.googlevideo.com/videoplayback?id=1',
  'https://i.ytimg.com/vi/x/hqdefault.jpg',
  `https://yewtu.be/watch?v=${ID}`,
  `https://piped.video/watch?v=${ID}`,
  `https://inv.nadeko.net/embed/${ID}`,
  'https://newtube.example/v/1',
  `https://viewpure.com/${ID}`,
  ...TEACHING_HOSTS.map((h) => `https://www.${h}/`),
];

const URLS = [...YOUTUBE, ...MUST_REDIRECT.map((c) => c.url), ...MUST_NOT_TOUCH];

/** The decision in the simulator's terms; board pages compared up to their fragment. */
function expected(d: BoardDecision, withoutBoard: SimOutcome): string {
  if (d.action === 'allow') return show(withoutBoard);
  if (d.action === 'redirect') return `redirect ${new URL(d.to).href}`;
  if (d.page) return `redirect ${ORIGIN}${d.page}`;
  return `board page (${d.why})`;
}

function show(o: SimOutcome): string {
  if (o.action !== 'redirect') return o.action;
  const board = /^chrome-extension:\/\/[a-p]{32}\/pages\/board\.html\?why=(\w+)/.exec(o.to);
  return board ? `board page (${board[1]})` : `redirect ${o.to}`;
}

describe('board mode: the DNR rules do what boardDecision says', () => {
  for (const [name, policy] of Object.entries(POLICIES)) {
    it(`every URL, top-level (${name})`, () => {
      const search = buildSearchRules(policy);
      const rules = [...search, ...buildBoardRules(policy, ORIGIN)];
      const disagreements: string[] = [];
      for (const url of URLS) {
        const got = show(simulate(rules, url));
        const want = expected(boardDecision(url, policy), simulate(search, url));
        if (got !== want) disagreements.push(`${url}\n  rules: ${got}\n  boardDecision: ${want}`);
      }
      expect(disagreements).toEqual([]);
    });
  }

  it('embeds in other pages go to the board page; streams, thumbnails and player scripts are blocked', () => {
    const policy = POLICIES['staff, board redirects search']!;
    const rules = [...buildSearchRules(policy), ...buildBoardRules(policy, ORIGIN)];
    expect(show(simulate(rules, `https://www.youtube-nocookie.com/embed/${ID}`, 'sub_frame'))).toBe('board page (youtube)');
    expect(show(simulate(rules, `https://www.youtube.com/embed/${APPROVED}`, 'sub_frame'))).toBe('allow');
    expect(simulate(rules, 'https://rr1---sn-x.googlevideo.com/videoplayback', 'media').action).toBe('block');
    expect(simulate(rules, 'https://www.youtube.com/s/player/base.js', 'script').action).toBe('block');
    expect(simulate(rules, 'https://i.ytimg.com/vi/x/hqdefault.jpg', 'image').action).toBe('block');
    expect(simulate(rules, 'https://www.bbc.co.uk/bitesize/video.mp4', 'media').action).toBe('allow');
  });
});
