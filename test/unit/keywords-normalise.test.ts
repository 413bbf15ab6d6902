/**
 * Differential test: the one-pass normaliser (shared/keywords/normalise.ts) must give exactly
 * what the previous four-pass one gave (test/support/normalise-reference.ts): same units, repeat
 * counts and original spans, on the keyword fixtures and on random text built from the pieces
 * that take its slow paths (leetspeak, spelt-out letters, apostrophes, invisible characters,
 * multi-letter folds, astral characters, line breaks, lone surrogates).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseText, type NormalisedText } from '../../shared/keywords/normalise';
import { normaliseText as referenceNormalise } from '../support/normalise-reference';
import { prng } from '../support/prng';

const view = (nt: NormalisedText) => ({
  length: nt.length,
  code: Array.from(nt.code.subarray(0, nt.length)),
  run: Array.from(nt.run.subarray(0, nt.length)),
  start: Array.from(nt.start.subarray(0, nt.length)),
  end: Array.from(nt.end.subarray(0, nt.length)),
});
const same = (text: string) => expect(view(normaliseText(text)), JSON.stringify(text)).toEqual(view(referenceNormalise(text)));

const PIECES = [
  ...'abcdefgiklmnorstuxyz', ...'aaasslll', 'K', 'É', 'é', 'ß', 'æ', 'ы', 'Ａ', 'ｓ', 'ﬁ', '½', '①', 'а', 'о', 'с', 'ł', 'ø',
  ...'0134578', '٣', ...'$@!|€£', "'", '\u2019', '`', ' ', ' ', ' ', '  ', '.', '-', '_', ',', '?', '\n', '\r\n', '\u2028', '\t',
  '\u200b', '\u200d', '\u00ad', '\ufe0f', '\u0301', '\u0640', '😀', '𝐩', '𝐨', '\u{e0041}', '\ud800', '\udc00', 'خ', 'و', 'ُ', 'ਖ', 'ੁ', 'ਾ',
  's u i c i d e', 'k.i.l.l', 'k i l l  m y s e l f', 'n@z!', '$uicide', 'k1ll', 'h3ll0', '@', 'a a a', 'I a m', 'k. i. l. l',
];

describe('normaliser: same result as the four-pass reference', () => {
  it('on every keyword fixture line', () => {
    const dir = path.join(import.meta.dirname, '..', 'fixtures', 'keywords');
    for (const f of fs.readdirSync(dir)) for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) same(line);
  });

  it('on 20,000 random strings of tricky pieces', () => {
    const rnd = prng(42);
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      const parts = 1 + Math.floor(rnd() * 24);
      for (let p = 0; p < parts; p++) s += PIECES[Math.floor(rnd() * PIECES.length)]!;
      same(s);
    }
  });

  it('on long runs (repeat counts cap at 255, long spelt-out runs, big outputs)', () => {
    same('a'.repeat(1000));
    same('k '.repeat(600) + 'x');
    same('ﷺ'.repeat(300));
    same('s.u.i.c.i.d.e '.repeat(200));
    same(('hello world 😀 k1ll ' + '\u200b').repeat(500));
  });
});
