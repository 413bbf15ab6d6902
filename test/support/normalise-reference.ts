/**
 * The previous (four-pass) normaliser, kept verbatim as the oracle for the differential test of
 * shared/keywords/normalise.ts. Not used by the product.
 */
import { CharKind as Kinds, LEET as LEET_TABLE, foldCodePoint as foldCP, foldUnit as foldU, multiText as multiT } from '../../shared/keywords/fold-char';

// Module-local copies: hot loops must not go through import bindings (some loaders compile
// them to getters, which costs more than the work itself).
const CharKind = {
  Drop: Kinds.Drop as number,
  Sep: Kinds.Sep as number,
  Letter: Kinds.Letter as number,
  Digit: Kinds.Digit as number,
  LeetSymbol: Kinds.LeetSymbol as number,
  Apostrophe: Kinds.Apostrophe as number,
} as const;
const DROP = CharKind.Drop;
const SEP = CharKind.Sep;
const LETTER = CharKind.Letter;
const DIGIT = CharKind.Digit;
const LEETSYM = CharKind.LeetSymbol;
const APOS = CharKind.Apostrophe;
const LEET: Readonly<Record<string, string>> = { ...LEET_TABLE };
const foldUnit = foldU;
const foldCodePoint = foldCP;
const multiText = multiT;
const MULTI_TAG = 7;
const astral = new Map<string, { kind: number; text: string }>();

/**
 * Text as the matcher sees it: folded characters (see fold-char.ts), every run of separators
 * as one space, leetspeak read as letters inside words, letters spelt out one by one
 * (`s u i c i d e`, `s.u.i.c.i.d.e`) joined into a word, and repeated letters collapsed into
 * one unit that remembers how many times it was typed (`killlll` = k,i,l×5). Each unit keeps
 * the span of the original text it came from, so a match maps back exactly.
 */
export interface NormalisedText {
  length: number;
  /** Folded UTF-16 code unit; 32 for a word break. */
  code: Uint16Array;
  /** How many times the unit was repeated in a row (capped at 255). */
  run: Uint8Array;
  /** Original span of the unit: [start, end) in UTF-16 code units. */
  start: Int32Array;
  end: Int32Array;
}

const SPACE = 32;
const LEADING_LEET = new Set(['$', '@', '|', '€', '£']);
const TRAILING_LEET = new Set(['$', '@']);

interface Scratch {
  code: Uint16Array;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
}

let scratch: Scratch = alloc(1024);
function alloc(n: number): Scratch {
  return { code: new Uint16Array(n), kind: new Uint8Array(n), start: new Int32Array(n), end: new Int32Array(n) };
}

/** Phase 1: fold each code point into units (kind + code + original span). */
function foldUnits(text: string): number {
  const len = text.length;
  const cap = len * 2 + 8;
  if (scratch.code.length < cap) scratch = alloc(cap);
  let { code, kind, start, end } = scratch;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    let k: number;
    let one = -1;
    let many = '';
    let e = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      // Astral code point (mathematical letters, emoji): fold uncached.
      const cp = text.slice(i, i + 2);
      let f = astral.get(cp);
      if (!f) {
        f = foldCodePoint(cp);
        if (astral.size < 4096) astral.set(cp, f);
      }
      e = i + 2;
      k = f.kind;
      if (f.text.length === 1) one = f.text.charCodeAt(0);
      else many = f.text;
    } else {
      const v = foldUnit(c);
      k = v & 7;
      if (v >>> 28 === MULTI_TAG) many = multiText(c);
      else one = (v >>> 3) & 0xffff;
    }
    if (n + many.length + 1 >= code.length) {
      const bigger = alloc(code.length * 2 + many.length);
      bigger.code.set(code);
      bigger.kind.set(kind);
      bigger.start.set(start);
      bigger.end.set(end);
      scratch = bigger;
      ({ code, kind, start, end } = bigger);
    }
    if (k === SEP) {
      // Remember line breaks: letters spelt out are never joined across lines.
      code[n] = c === 10 || c === 13 || c === 0x2028 || c === 0x2029 ? 10 : SPACE;
      kind[n] = SEP;
      start[n] = i;
      end[n++] = e;
    } else if (k === DROP) {
      if (n > 0) end[n - 1] = e; // an invisible character inside a word belongs to it
    } else if (k === APOS) {
      const prev = n > 0 ? kind[n - 1] : SEP;
      if (prev === LETTER || prev === DIGIT) end[n - 1] = e;
      else {
        code[n] = SPACE;
        kind[n] = SEP;
        start[n] = i;
        end[n++] = e;
      }
    } else if (one >= 0) {
      code[n] = one;
      kind[n] = k;
      start[n] = i;
      end[n++] = e;
    } else {
      for (let j = 0; j < many.length; j++) {
        code[n] = many.charCodeAt(j);
        kind[n] = k;
        start[n] = i;
        end[n++] = e;
      }
    }
    if (e === i + 2) i++;
  }
  return n;
}

/** Phase 2: inside each word, read leetspeak as letters when the word has real letters. */
function resolveLeet(n: number): void {
  const { code, kind } = scratch;
  let i = 0;
  while (i < n) {
    if (kind[i] === SEP) {
      i++;
      continue;
    }
    let j = i;
    let letters = false;
    while (j < n && kind[j] !== SEP) {
      if (kind[j] === LETTER) letters = true;
      j++;
    }
    // Token is [i, j).
    let lastWord = j - 1; // last unit that is a letter or digit
    while (lastWord >= i && kind[lastWord] === LEETSYM) lastWord--;
    for (let t = i; t < j; t++) {
      const k = kind[t];
      if (k === DIGIT) {
        const as = letters ? LEET[String.fromCharCode(code[t]!)] : undefined;
        if (as) {
          code[t] = as.charCodeAt(0);
          kind[t] = LETTER;
        }
      } else if (k === LEETSYM) {
        const sym = String.fromCharCode(code[t]!);
        // Inside a word; or "$"/"@" ending one ("nude$"), where "!" would be punctuation;
        // or "@" standing alone for the word "a" ("buy @ gun").
        const inside =
          (letters && t < lastWord && (t > i || LEADING_LEET.has(sym))) ||
          (letters && t === lastWord + 1 && TRAILING_LEET.has(sym) && (t + 1 === j || kind[t + 1] !== LEETSYM)) ||
          (!letters && j - i === 1 && sym === '@');
        if (inside) {
          code[t] = LEET[sym]!.charCodeAt(0);
          kind[t] = LETTER;
        } else {
          code[t] = SPACE;
          kind[t] = SEP;
        }
      }
    }
    i = j;
  }
}

/**
 * Phase 3: letters spelt out one at a time (three or more single-letter words separated by
 * spaces or punctuation on the same line) are joined into one word. Inside such a run the
 * separator used most often joins letters; any other separator ("k.i.l.l m.y.s.e.l.f",
 * "k i l l  m y s e l f") is a word break. Marks the separator units to drop in `drop`.
 */
function joinSpelledOut(n: number, drop: Uint8Array, text: string): void {
  const { code, kind, start, end } = scratch;
  let runCount = 0;
  let runSeps: [number, number][] = []; // separator unit ranges between the run's letters
  let pending: [number, number] | null = null;
  const closeRun = () => {
    if (runCount >= 3) {
      const tally = new Map<string, number>();
      const sig = (r: [number, number]) => text.slice(start[r[0]]!, end[r[1] - 1]!);
      for (const r of runSeps) tally.set(sig(r), (tally.get(sig(r)) ?? 0) + 1);
      let best = '';
      let bestCount = 0;
      for (const [k, c] of tally) if (c > bestCount) [best, bestCount] = [k, c];
      for (const r of runSeps) if (sig(r) === best) for (let u = r[0]; u < r[1]; u++) drop[u] = 1;
    }
    runCount = 0;
    runSeps = [];
  };
  let i = 0;
  while (i < n) {
    if (kind[i] === SEP) {
      const sepStart = i;
      let newline = false;
      while (i < n && kind[i] === SEP) {
        if (code[i] === 10) newline = true;
        i++;
      }
      pending = [sepStart, i];
      // A long gap (more than 3 original characters) or a line break ends a spelt-out run.
      if (newline || end[i - 1]! - start[sepStart]! > 3) closeRun();
      continue;
    }
    let j = i;
    while (j < n && kind[j] !== SEP) j++;
    const single = j - i === 1 || start[j - 1] === start[i]; // one original character
    if (single && kind[i] === LETTER) {
      if (runCount > 0 && pending) runSeps.push(pending);
      runCount++;
    } else closeRun();
    pending = null;
    i = j;
  }
  closeRun();
}

let dropMask = new Uint8Array(1024);

/** Normalise text for matching (see NormalisedText). */
export function normaliseText(text: string): NormalisedText {
  const n = foldUnits(text);
  resolveLeet(n);
  if (dropMask.length < n) dropMask = new Uint8Array(n * 2);
  dropMask.fill(0, 0, n);
  joinSpelledOut(n, dropMask, text);
  const { code, kind, start, end } = scratch;
  const out: NormalisedText = {
    length: 0,
    code: new Uint16Array(n),
    run: new Uint8Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
  };
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (dropMask[i]) continue;
    const sep = kind[i] === SEP;
    const c = sep ? SPACE : code[i]!;
    if (m > 0 && out.code[m - 1] === c) {
      // Same unit again: a second space, or a repeated letter.
      if (!sep && out.run[m - 1]! < 255) out.run[m - 1]!++;
      out.end[m - 1] = end[i]!;
      continue;
    }
    out.code[m] = c;
    out.run[m] = 1;
    out.start[m] = start[i]!;
    out.end[m] = end[i]!;
    m++;
  }
  out.length = m;
  return out;
}

/** The normalised text as a plain string, one character per unit (repeats collapsed). */
export function normalisedString(nt: NormalisedText): string {
  let s = '';
  for (let i = 0; i < nt.length; i += 8192) s += String.fromCharCode(...nt.code.subarray(i, Math.min(nt.length, i + 8192)));
  return s;
}

/** Normalise a listed term or phrase into its units and repeat counts (how it is spelt). */
export function normaliseTerm(term: string): { units: number[]; runs: number[] } {
  const nt = normaliseText(term);
  let from = 0;
  let to = nt.length;
  while (from < to && nt.code[from] === SPACE) from++;
  while (to > from && nt.code[to - 1] === SPACE) to--;
  return { units: Array.from(nt.code.subarray(from, to)), runs: Array.from(nt.run.subarray(from, to)) };
}
