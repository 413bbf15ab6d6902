import { CharKind as Kinds, LEET as LEET_TABLE, foldCodePoint as foldCP, foldUnit as foldU, multiText as multiT } from './fold-char';

/**
 * Text as the matcher sees it: folded characters (see fold-char.ts), every run of separators
 * as one space, leetspeak read as letters inside words, letters spelt out one by one
 * (`s u i c i d e`, `s.u.i.c.i.d.e`) joined into a word, and repeated letters collapsed into
 * one unit that remembers how many times it was typed (`killlll` = k,i,l×5). Each unit keeps
 * the span of the original text it came from, so a match maps back exactly.
 *
 * One pass over the text. Each character costs one read of a 64K-entry table (`FAST`) that
 * classifies it; ordinary letters and separators are written straight to the output, with
 * repeats collapsed on the fly. Only the rare cases leave that loop: a word holding a digit or
 * a leetspeak symbol, a character folding to several letters (`ß`), characters outside the
 * BMP. Those words are re-read into a small scratch buffer and resolved there, and a run of
 * three or more single letters is rewritten in place once it ends. No string is built per
 * character; NFKC/NFKD runs once per distinct code unit (cached in fold-char.ts).
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

// Module-local copies: hot loops must not go through import bindings (some loaders compile
// them to getters, which costs more than the work itself).
const K_DROP = Kinds.Drop as number;
const K_SEP = Kinds.Sep as number;
const K_LETTER = Kinds.Letter as number;
const K_DIGIT = Kinds.Digit as number;
const K_LEET = Kinds.LeetSymbol as number;
const K_APOS = Kinds.Apostrophe as number;
const foldUnit = foldU;
const foldCodePoint = foldCP;
const multiText = multiT;
const MULTI_TAG = 7;
const SPACE = 32;

/** Leetspeak reading per code unit (0 = none). */
const LEET_CODE = new Uint16Array(0x10000);
for (const [k, v] of Object.entries(LEET_TABLE)) LEET_CODE[k.charCodeAt(0)] = v.charCodeAt(0);
const isLeading = (c: number) => c === 36 || c === 64 || c === 124 || c === 0x20ac || c === 0xa3; // $ @ | € £
const isTrailing = (c: number) => c === 36 || c === 64; // $ @

// Classes in the FAST table (low 3 bits; folded code unit above for LET).
const C_LET = 1; // a letter folding to exactly one code unit
const C_SEP = 2;
const C_NL = 3; // a line break (separator that also ends a spelt-out run)
const C_DROP = 4;
const C_APOS = 5;
const C_SLOW = 6; // digit, leetspeak symbol, multi-unit fold, high surrogate
const FAST = new Int32Array(0x10000);

function classify(c: number): number {
  let v: number;
  if (c >= 0xd800 && c <= 0xdbff) v = C_SLOW;
  else {
    const f = foldUnit(c);
    const k = f & 7;
    if (f >>> 28 === MULTI_TAG) v = C_SLOW;
    else if (k === K_LETTER) v = (((f >>> 3) & 0xffff) << 3) | C_LET;
    else if (k === K_SEP) v = c === 10 || c === 13 || c === 0x2028 || c === 0x2029 ? C_NL : C_SEP;
    else if (k === K_DROP) v = C_DROP;
    else if (k === K_APOS) v = C_APOS;
    else v = C_SLOW;
  }
  FAST[c] = v;
  return v;
}
for (let c = 0; c < 0x250; c++) classify(c); // ASCII and Latin: never computed in the loop

const astral = new Map<string, { kind: number; text: string }>();
const scratch = { code: new Uint16Array(64), kind: new Uint8Array(64), start: new Int32Array(64), end: new Int32Array(64) };

/**
 * The normaliser's state for one call. Kept in one object so the slow paths can share it with
 * the main loop without closures.
 */
class Normaliser {
  code: Uint16Array;
  run: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  cap: number;
  m = 0;
  // Open gap (run of separators) not yet written.
  gapOpen = false;
  gapStart = 0;
  gapEnd = 0;
  gapNL = false;
  // Spelt-out run: single-letter words so far, and where their units sit in the output.
  runCount = 0;
  runOutStart = 0;
  runOutEnd = 0;
  // Scratch for one slow word: raw units before leetspeak is resolved (module-level, shared
  // by every call: allocating it per call was a third of the cost of normalising a short term).
  tCode = scratch.code;
  tKind = scratch.kind;
  tStart = scratch.start;
  tEnd = scratch.end;

  constructor(
    readonly text: string,
    out: Output,
  ) {
    this.cap = out.cap;
    this.code = out.code;
    this.run = out.run;
    this.start = out.start;
    this.end = out.end;
  }

  grow(need: number): void {
    const cap = Math.max(need, this.cap * 2);
    const code = new Uint16Array(cap);
    const run = new Uint8Array(cap);
    const start = new Int32Array(cap);
    const end = new Int32Array(cap);
    code.set(this.code);
    run.set(this.run);
    start.set(this.start);
    end.set(this.end);
    Object.assign(this, { code, run, start, end, cap });
  }

  /** Append one unit, folding it into the previous one if it is the same character again. */
  emit(c: number, s: number, e: number): void {
    const m = this.m;
    if (m > 0 && this.code[m - 1] === c) {
      if (c !== SPACE && this.run[m - 1]! < 255) this.run[m - 1]!++;
      this.end[m - 1] = e;
      return;
    }
    if (m >= this.cap) this.grow(m + 16);
    this.code[m] = c;
    this.run[m] = 1;
    this.start[m] = s;
    this.end[m] = e;
    this.m = m + 1;
  }

  openGap(s: number, e: number, nl: boolean): void {
    if (!this.gapOpen) {
      this.gapOpen = true;
      this.gapStart = s;
      this.gapNL = false;
    }
    this.gapEnd = e;
    if (nl) this.gapNL = true;
  }

  /** Write the open gap as one space; a line break or a gap over 3 characters ends a spelt-out run. */
  flushGap(): void {
    if (!this.gapOpen) return;
    this.gapOpen = false;
    if (this.gapNL || this.gapEnd - this.gapStart > 3) this.closeRun();
    this.emit(SPACE, this.gapStart, this.gapEnd);
  }

  /** A word just written at [outStart, m): a single letter extends a spelt-out run, anything else ends it. */
  word(outStart: number, singleLetter: boolean): void {
    if (singleLetter) {
      if (this.runCount === 0) this.runOutStart = outStart;
      this.runCount++;
      this.runOutEnd = this.m;
    } else this.closeRun();
  }

  /**
   * End a spelt-out run. Three or more single letters are joined: the separator used most often
   * between them (first seen wins a tie) is dropped, any other stays a word break
   * ("k.i.l.l m.y.s.e.l.f"). The run's units are rewritten in place and what follows moves down.
   */
  closeRun(): void {
    if (this.runCount >= 3) {
      const { code, run, start, end, text } = this;
      const rs = this.runOutStart;
      const re = this.runOutEnd;
      const tally = new Map<string, number>();
      for (let u = rs; u < re; u++) if (code[u] === SPACE) {
        const sig = text.slice(start[u]!, end[u]!);
        tally.set(sig, (tally.get(sig) ?? 0) + 1);
      }
      let best = '';
      let bestCount = 0;
      for (const [k, c] of tally) if (c > bestCount) [best, bestCount] = [k, c];
      let w = rs;
      for (let u = rs; u < re; u++) {
        const c = code[u]!;
        if (c === SPACE && text.slice(start[u]!, end[u]!) === best) continue;
        if (w > rs && code[w - 1] === c && c !== SPACE) {
          run[w - 1] = Math.min(255, run[w - 1]! + run[u]!);
          end[w - 1] = end[u]!;
          continue;
        }
        code[w] = c;
        run[w] = run[u]!;
        start[w] = start[u]!;
        end[w] = end[u]!;
        w++;
      }
      if (w < re) {
        code.copyWithin(w, re, this.m);
        run.copyWithin(w, re, this.m);
        start.copyWithin(w, re, this.m);
        end.copyWithin(w, re, this.m);
        this.m -= re - w;
      }
    }
    this.runCount = 0;
  }

  /** Fold the code point at i: sets fk (kind), fOne (one unit, or -1), fMany, fe (end). */
  fk = 0;
  fOne = -1;
  fMany = '';
  fe = 0;
  foldAt(i: number): void {
    const text = this.text;
    const c = text.charCodeAt(i);
    this.fOne = -1;
    this.fMany = '';
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      // Astral code point (mathematical letters, emoji): fold through a small cache.
      const cp = text.slice(i, i + 2);
      let f = astral.get(cp);
      if (!f) {
        f = foldCodePoint(cp);
        if (astral.size < 4096) astral.set(cp, f);
      }
      this.fe = i + 2;
      this.fk = f.kind;
      if (f.text.length === 1) this.fOne = f.text.charCodeAt(0);
      else this.fMany = f.text;
      return;
    }
    const v = foldUnit(c);
    this.fe = i + 1;
    this.fk = v & 7;
    if (v >>> 28 === MULTI_TAG) this.fMany = multiText(c);
    else this.fOne = (v >>> 3) & 0xffff;
  }

  pushUnit(t: number, c: number, k: number, s: number, e: number): void {
    if (t >= this.tCode.length) {
      const n = this.tCode.length * 2;
      const grow = <T extends Uint16Array | Uint8Array | Int32Array>(a: T, b: T) => (b.set(a), b);
      this.tCode = grow(this.tCode, new Uint16Array(n));
      this.tKind = grow(this.tKind, new Uint8Array(n));
      this.tStart = grow(this.tStart, new Int32Array(n));
      this.tEnd = grow(this.tEnd, new Int32Array(n));
      Object.assign(scratch, { code: this.tCode, kind: this.tKind, start: this.tStart, end: this.tEnd });
    }
    this.tCode[t] = c;
    this.tKind[t] = k;
    this.tStart[t] = s;
    this.tEnd[t] = e;
  }

  /**
   * The slow path, from original index i0 (not inside a word already written): one character
   * that is a separator, invisible or an apostrophe, or a whole word read into scratch with
   * its leetspeak resolved. Returns where the main loop goes on.
   */
  slow(i0: number): number {
    const len = this.text.length;
    let t = 0;
    let p = i0;
    while (p < len) {
      this.foldAt(p);
      const k = this.fk;
      const e = this.fe;
      if (k === K_SEP || (k === K_APOS && (t === 0 || (this.tKind[t - 1] !== K_LETTER && this.tKind[t - 1] !== K_DIGIT)))) {
        if (t > 0) break;
        this.openGap(p, e, false); // astral separators are never line breaks
        return e;
      }
      if (k === K_DROP || k === K_APOS) {
        if (t > 0) this.tEnd[t - 1] = e;
        else if (this.gapOpen) this.gapEnd = e;
        else if (this.m > 0) this.end[this.m - 1] = e;
        if (t === 0) return e;
        p = e;
        continue;
      }
      if (this.fOne >= 0) this.pushUnit(t++, this.fOne, k, p, e);
      else for (let j = 0; j < this.fMany.length; j++) this.pushUnit(t++, this.fMany.charCodeAt(j), k, p, e);
      p = e;
    }
    this.resolveLeet(t);
    this.emitScratch(t);
    return p;
  }

  /** Inside one word, read leetspeak as letters when the word has real letters. */
  resolveLeet(n: number): void {
    const { tCode: code, tKind: kind } = this;
    let letters = false;
    for (let t = 0; t < n; t++) if (kind[t] === K_LETTER) letters = true;
    let lastWord = n - 1; // last unit that is a letter or digit
    while (lastWord >= 0 && kind[lastWord] === K_LEET) lastWord--;
    for (let t = 0; t < n; t++) {
      const k = kind[t];
      const c = code[t]!;
      if (k === K_DIGIT) {
        if (letters && LEET_CODE[c]) {
          code[t] = LEET_CODE[c]!;
          kind[t] = K_LETTER;
        }
      } else if (k === K_LEET) {
        // Inside a word; or "$"/"@" ending one ("nude$"), where "!" would be punctuation;
        // or "@" standing alone for the word "a" ("buy @ gun").
        const inside =
          (letters && t < lastWord && (t > 0 || isLeading(c))) ||
          (letters && t === lastWord + 1 && isTrailing(c) && (t + 1 === n || kind[t + 1] !== K_LEET)) ||
          (!letters && n === 1 && c === 64);
        if (inside) {
          code[t] = LEET_CODE[c]!;
          kind[t] = K_LETTER;
        } else {
          code[t] = SPACE;
          kind[t] = K_SEP;
        }
      }
    }
  }

  /** Write a resolved scratch word: leetspeak read as separators split it into words and gaps. */
  emitScratch(n: number): void {
    const { tCode, tKind, tStart, tEnd } = this;
    let u = 0;
    while (u < n) {
      if (tKind[u] === K_SEP) {
        this.openGap(tStart[u]!, tEnd[u]!, false);
        u++;
        continue;
      }
      let v = u;
      while (v < n && tKind[v] !== K_SEP) v++;
      this.flushGap();
      const outStart = this.m;
      for (let j = u; j < v; j++) this.emit(tCode[j]!, tStart[j]!, tEnd[j]!);
      const single = v - u === 1 || tStart[v - 1] === tStart[u];
      this.word(outStart, single && tKind[u] === K_LETTER);
      u = v;
    }
  }

  exec(): NormalisedText {
    const text = this.text;
    const len = text.length;
    const ft = FAST;
    // Hot state in locals; written back to `this` around every helper call (helpers may grow
    // or rewrite the output).
    let code = this.code;
    let run = this.run;
    let start = this.start;
    let end = this.end;
    let m = 0;
    let i = 0;
    let inTok = false;
    let tokI = 0;
    let tokOut = 0;
    let tokLetters = 0;
    let last = -1;
    while (i < len) {
      const ch = text.charCodeAt(i);
      let v = ft[ch]!;
      if (v === 0) v = classify(ch);
      const cls = v & 7;
      if (cls === C_LET) {
        const c = v >>> 3;
        if (!inTok) {
          if (this.gapOpen) {
            this.m = m;
            this.flushGap();
            ({ code, run, start, end, m } = this);
          }
          inTok = true;
          tokI = i;
          tokOut = m;
          tokLetters = 0;
          last = m > 0 ? code[m - 1]! : -1;
        }
        tokLetters++;
        if (c === last) {
          if (run[m - 1]! < 255) run[m - 1]!++;
          end[m - 1] = i + 1;
        } else {
          // One unit per character at most on this path: the output (sized text.length + 16)
          // only grows in the slow paths, which may write several units per character.
          if (m >= this.cap) {
            this.m = m;
            this.grow(m + 16);
            ({ code, run, start, end } = this);
          }
          code[m] = c;
          run[m] = 1;
          start[m] = i;
          end[m] = i + 1;
          m++;
          last = c;
        }
        i++;
        continue;
      }
      if (cls === C_SEP || cls === C_NL) {
        if (inTok) {
          inTok = false;
          if (tokLetters === 1 || this.runCount > 0) {
            this.m = m;
            this.word(tokOut, tokLetters === 1);
            ({ code, run, start, end, m } = this);
          }
        }
        if (!this.gapOpen) {
          this.gapOpen = true;
          this.gapStart = i;
          this.gapNL = false;
        }
        this.gapEnd = i + 1;
        if (cls === C_NL) this.gapNL = true;
        i++;
        continue;
      }
      if (cls === C_DROP || (cls === C_APOS && inTok)) {
        // An invisible character, or an apostrophe after a letter, belongs to what precedes it.
        if (inTok || (!this.gapOpen && m > 0)) end[m - 1] = i + 1;
        else if (this.gapOpen) this.gapEnd = i + 1;
        i++;
        continue;
      }
      if (cls === C_APOS) {
        this.openGap(i, i + 1, false);
        i++;
        continue;
      }
      // Slow: start the current word again in scratch.
      if (inTok) {
        inTok = false;
        m = tokOut;
        i = tokI;
      }
      this.m = m;
      i = this.slow(i);
      ({ code, run, start, end, m } = this);
    }
    this.m = m;
    if (inTok) this.word(tokOut, tokLetters === 1);
    this.flushGap();
    this.closeRun();
    return { length: this.m, code: this.code, run: this.run, start: this.start, end: this.end };
  }
}

interface Output {
  code: Uint16Array;
  run: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  cap: number;
}
const output = (cap: number): Output => ({ code: new Uint16Array(cap), run: new Uint8Array(cap), start: new Int32Array(cap), end: new Int32Array(cap), cap });

/** Normalise text for matching (see NormalisedText). */
export function normaliseText(text: string): NormalisedText {
  return new Normaliser(text, output(text.length + 16)).exec();
}

/** Output buffers reused by normaliseTerm (its result is copied out, so nothing keeps them). */
let termOutput = output(256);

/** The normalised text as a plain string, one character per unit (repeats collapsed). */
export function normalisedString(nt: NormalisedText): string {
  return utf16.decode(nt.code.subarray(0, nt.length));
}
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/** Normalise a listed term or phrase into its units and repeat counts (how it is spelt). */
export function normaliseTerm(term: string): { units: number[]; runs: number[] } {
  if (termOutput.cap < term.length + 16) termOutput = output(term.length + 16);
  const n = new Normaliser(term, termOutput);
  const nt = n.exec();
  termOutput = n; // grown, if it had to
  let from = 0;
  let to = nt.length;
  while (from < to && nt.code[from] === SPACE) from++;
  while (to > from && nt.code[to - 1] === SPACE) to--;
  return { units: Array.from(nt.code.subarray(from, to)), runs: Array.from(nt.run.subarray(from, to)) };
}

/** The normaliser's own class of a code unit (for the fused scanner, which must agree with it). */
export const FastClass = { Letter: C_LET, Sep: C_SEP, NewLine: C_NL, Drop: C_DROP, Apostrophe: C_APOS, Slow: C_SLOW } as const;

/** FAST entry of a code unit: class in the low 3 bits, folded code unit above for a letter. */
export function fastEntry(c: number): number {
  const v = FAST[c]!;
  return v === 0 ? classify(c) : v;
}
