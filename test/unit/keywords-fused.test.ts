/**
 * Differential test: the fused scan (shared/keywords/fused-scan.ts: automaton straight over
 * the original text, exact path only in windows) must report exactly what the plain path
 * reports (normalise the whole text, then scan): same terms, categories, severities, spans,
 * help-seeking. On the fixtures, on long texts stitched from them, on random text built from
 * every piece that takes a slow path, and on realistic text with a big list, with the windows
 * made tiny so they have to grow, overlap and resume often.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOW, DEFAULT_TERMS } from '../../shared/keywords/default-lists';
import { compileMatcher, type Matcher } from '../../shared/keywords/matcher';
import type { KeywordTerm } from '../../shared/keywords/types';
import { corpus, syntheticTerms } from '../bench/keywords-corpus';
import { prng } from '../support/prng';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'keywords');
const fixtureLines = fs
  .readdirSync(dir)
  .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.split('\t').at(-1)!);

// A school's additions that exercise the rarer paths: numbers in terms, a long allow phrase
// that starts well before its term, a term without a word boundary at its end.
const EXTRA: KeywordTerm[] = [
  { term: 'area 51', category: 'weapons', severity: 3 },
  { term: '4 2 0', category: 'drugs', severity: 2 },
  { term: 'call 999 now', category: 'violence', severity: 4 },
  { term: 'stab*', category: 'weapons', severity: 4 },
];
const EXTRA_ALLOW = ['when we go there we always have time to kill', 'the area 51 museum', 'kill time now'];
const lists = [...DEFAULT_TERMS, ...EXTRA];
const allow = [...DEFAULT_ALLOW, ...EXTRA_ALLOW];
const shipped = compileMatcher(lists, allow);
const tiny = compileMatcher(lists, allow, { windowReach: 1 });
const small = [5, 17, 40].map((windowReach) => compileMatcher(lists, allow, { windowReach }));
const same = (m: Matcher, text: string) => expect(m.scan(text), JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text)).toEqual(m.scanExact(text));

const PIECES = [
  ...'abcdefgiklmnorstuxyz', 'kill', 'myself', 'time', 'how to help a friend who', 'self harm', 'worried about', 'kill time', 'shoot a video', 'ass', 'class',
  'nazi', 'naz', 'the', 'and', 'you', 'suicide', 'Scunthorpe', 'dying to see', 'I will kill you', 'period pain',
  ...'aaasslll', 'K', 'É', 'é', 'ß', 'æ', 'ы', 'Ａ', 'ｓ', 'ﬁ', '½', '①', 'а', 'о', 'с', 'ł', 'ø',
  ...'0134578', '2024', '٣', ...'$@!|€£', '!!', '!?', "'", '\u2019', '`', ' ', ' ', ' ', ' ', ' ', '  ', '.', '. ', '-', '_', ',', '?', '\n', '\r\n', '\u2028', '\t',
  '\u200b', '\u200d', '\u00ad', '\ufe0f', '\u0301', '\u0640', '😀', '❤️', '𝐩', '𝐨', '\u{e0041}', '\ud800', '\udc00', 'خ', 'و', 'ُ', 'ਖ', 'ੁ', 'ਾ', 'انتحار', 'الانتحار',
  'area', '51', '999', '4', '2', '0', 'call', 'now', 'stabbed', 'stab', 'museum', 'when we go there we always have time to', 'have tiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiime to kill',
  's u i c i d e', 'k.i.l.l', 'k i l l  m y s e l f', 'n@z!', '$uicide', 'k1ll', 'h3ll0', '@', 'a a a', 'I a m', 'k. i. l. l', 'killlll', 'sooooo',
];

describe('fused scan: same matches as normalising the whole text first', () => {
  it('on every keyword fixture line, alone', () => {
    for (const line of fixtureLines) {
      same(shipped, line);
      same(tiny, line);
    }
  });

  it('on the fixtures stitched into long pages (windows open, overlap and resume)', () => {
    for (const join of ['\n', ' ', '. ', ' 😀 ', ' and then ']) {
      const page = fixtureLines.join(join);
      same(shipped, page);
      same(tiny, page);
    }
  });

  it('on 3,000 random texts of tricky pieces, up to ~2,000 characters', () => {
    const rnd = prng(7);
    for (let n = 0; n < 3_000; n++) {
      let s = '';
      const parts = 1 + Math.floor(rnd() * (n % 10 === 0 ? 400 : 40));
      for (let p = 0; p < parts; p++) s += PIECES[Math.floor(rnd() * PIECES.length)]! + (rnd() < 0.5 ? ' ' : '');
      same(n % 2 ? tiny : n % 3 ? small[n % small.length]! : shipped, s);
    }
  });

  it('on realistic text with a 5,000-term list, and the exact path sees only a small part of it', () => {
    const big = compileMatcher(syntheticTerms(5_000, 5_000), DEFAULT_ALLOW);
    const bigTiny = compileMatcher(syntheticTerms(5_000, 5_000), DEFAULT_ALLOW, { windowReach: 1 });
    const text = corpus(400_000, 11);
    let windowChars = 0;
    let found = 0;
    for (let i = 0; i < text.length; i += 20_000) {
      const chunk = text.slice(i, i + 20_000);
      same(big, chunk);
      windowChars += big.lastScan.windowChars;
      found += big.scan(chunk).length;
      if (i < 100_000) same(bigTiny, chunk);
    }
    expect(found).toBeGreaterThan(20); // the corpus does hold flagged lines
    // Realistic text: the windows cover a fraction of it (the scan is not the exact path in disguise).
    expect(windowChars / text.length).toBeLessThan(0.25);
  });

  it('on a 300,000-character page scanned whole (far more words than the scanner remembers)', () => {
    const rnd = prng(3);
    const words = corpus(300_000, 5).split(' ');
    for (let i = 0; i < 60; i++) words.splice(Math.floor(rnd() * words.length), 0, PIECES[Math.floor(rnd() * PIECES.length)]!);
    same(shipped, words.join(' '));
  });

  it('a help cue anywhere up to the help distance before or after a match, in the same sentence', () => {
    for (let gap = 0; gap <= 140; gap += 3) {
      const filler = 'and then we went to the park with some friends from my class and '.repeat(3).slice(0, gap);
      for (const m of [shipped, tiny, ...small]) {
        same(m, `lorem ipsum dolor. how to help a friend who ${filler} self harms and that is all`);
        same(m, `lorem ipsum dolor. my friend self harms ${filler} how to help a friend who does`);
        same(m, `we said we always have ${'time '.repeat(gap / 3)} to kill; when we go there we always have time to kill, ok`);
      }
    }
  });

  it('wherever a window happens to end: inside an allow phrase, a number, a phrase', () => {
    const benign = 'we went to the park with some friends from my class and then we had lunch ';
    for (let offset = 0; offset <= 80; offset++) {
      const before = benign.repeat(2).slice(0, offset);
      for (const m of [shipped, tiny, ...small]) {
        same(m, `${before}we had to kill time then we were dying to see the film ${benign}`);
        same(m, `${before}we went to area 51 yesterday ${benign}`);
        same(m, `${before}please call 999 now ${benign}`);
        same(m, `${before}we will kill t${'i'.repeat(130)}me now ${benign}`);
      }
    }
  });

  it('wherever the first reach of a window ends (every reach from 1 to 200 characters)', () => {
    const benign = 'we went to the park with some friends from my class and then we had lunch ';
    for (let windowReach = 1; windowReach <= 200; windowReach += 1) {
      const m = compileMatcher(lists, allow, { windowReach });
      same(m, `${benign}we will kill t${'i'.repeat(130)}me now ${benign}`);
      same(m, `${benign}we had to kill time then we were dying to see the film ${benign}`);
    }
  });

  it('on pages where matches, allow phrases and help cues come every few words', () => {
    same(shipped, 'We had to kill time before the bus came. '.repeat(500) + 'I will kill you. ' + 'how to help a friend who self harms. '.repeat(100));
    same(shipped, 'k1ll myself '.repeat(300));
    same(shipped, 's u i c i d e '.repeat(100) + 'a b c d e f g');
    // Spelt out with an apostrophe or an invisible character after each letter.
    for (const m of [shipped, tiny, ...small]) {
      same(m, "my friend said s' u' i' c' i' d' e' yesterday");
      same(m, 'my friend said s\u200b u\u200b i\u200b c\u200b i\u200b d\u200b e\u200b yesterday');
    }
    same(shipped, ('x'.repeat(5000) + ' kill myself ').repeat(3));
    same(tiny, 'I will kill you '.repeat(300));
    for (const m of [tiny, ...small]) {
      same(m, 'dying to see you, kill time, shoot a video, kill '.repeat(100));
      same(m, 'we went to area 51 and the area 51 museum then call 999 now 4 2 0 stabbed '.repeat(50));
    }
  });
});
