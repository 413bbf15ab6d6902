import { foldCodePoint, CharKind } from './fold-char';
import { FastClass, fastEntry, normaliseText, type NormalisedText } from './normalise';
import type { KeywordMatch } from './types';

/**
 * Scanning without normalising first. Most text a pupil types or a page shows is plain
 * letters and separators, never matches, and the exact path (normalise into typed arrays with
 * an offset map, then walk the automaton) spends most of its time writing arrays nobody reads.
 * This scanner walks the automaton straight over the original text, folding each character
 * with one table read and collapsing repeated letters as the normaliser does. It hands a
 * window of text to the exact path only when something there needs it:
 *   - the automaton reaches a state where a listed term (not an allow phrase or help cue) ends;
 *   - a character the normaliser reads word by word (a digit or leetspeak symbol inside a word,
 *     `ß`, an astral letter, …);
 *   - three single-letter words in a row (a possible spelt-out word).
 * A term's state reached at a word break is first checked on the few words before it (most
 * are false alarms: "as" reaches the state of "ass", whose "s" is doubled); only a real match
 * opens a window.
 * Everything else is provably what the exact path would see, so the exact path's results on
 * the windows are the results on the whole text. `test/unit/keywords-fused.test.ts` checks
 * that claim differentially, on the fixtures, random tricky text and realistic text.
 *
 * Why the windows are exact (units = normalised units; L = the longest pattern in units,
 * anchors included):
 *   - A window starts at a word whose previous word had two or more letters (the normaliser
 *     is then in a neutral state: no open spelt-out run, gap pending), so normalising from
 *     there gives the same units as normalising the whole text.
 *   - It starts far enough back that no pattern occurrence reaching it can matter: at least
 *     L + 1 units before any position within HELP + 1 characters of the earliest match the
 *     trigger can stand for (an occurrence is at most L units long, so none can span the
 *     window start and still reach a match, or a help cue near it, or an allow phrase over it).
 *   - It ends at a resume point q: a word start after a multi-letter word, past the trigger,
 *     at least HELP + 1 characters past every match it reports, with L + 1 more units of
 *     settled text after it (so an allow phrase, a longer match or a help cue starting before
 *     q is wholly inside the window). Matches are reported by their end: a window reports the
 *     ones ending in (previous q, q]; the automaton state at q, taken from the window, is
 *     exact, so a match spanning q is found again by the next window.
 */

/** Tables the scanner shares with the matcher (see automaton.ts). */
export interface FusedTables {
  delta: Int32Array;
  k: number;
  classOf: Uint16Array;
  /**
   * Per state: when a listed term ends on its output chain, the state's depth in units (which
   * bounds how far back such a match starts); 0 otherwise.
   */
  termOut: Int32Array;
  /** Longest pattern in units, anchors included. */
  maxLen: number;
  /** Alphabet class of the word break. */
  spaceCls: number;
}

/** Exact scan of a normalised window: matches with offsets into `text` (the window). */
export type ExactScan = (nt: NormalisedText, text: string) => KeywordMatch[];

// Kinds in the low 3 bits of a DET entry (alphabet class above for letters and digits).
const LET = 1;
const SEP = 2;
const DIGIT = 3;
const DROP = 4;
const APOS = 5;
/** "!", "|", "€", "£": a separator when trailing a word or standing between words. */
const LEETSEP = 6;
const SLOW = 7;

// odd()'s answers besides "a break up to here".
const NEEDS_EXACT = -1;
const DIGITS = -2;
const ASTRAL_DROP = -3;

const RING = 4096;
const MASK = RING - 1;

const astral = new Map<number, number>();
function astralKind(hi: number, lo: number): number {
  const cp = ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  let k = astral.get(cp);
  if (k === undefined) {
    const f = foldCodePoint(String.fromCodePoint(cp));
    k = f.kind === CharKind.Sep ? SEP : f.kind === CharKind.Drop ? DROP : SLOW;
    if (astral.size < 4096) astral.set(cp, k);
  }
  return k;
}

const fastKind = (c: number) => fastEntry(c) & 7;

/** A word starts at q after a gap that follows two letters: the normaliser is neutral there. */
export function isCutShape(text: string, q: number): boolean {
  if (q <= 0 || q >= text.length || fastKind(text.charCodeAt(q)) !== FastClass.Letter) return false;
  let j = q - 1;
  for (let k = fastKind(text.charCodeAt(j)); j >= 0 && (k === FastClass.Sep || k === FastClass.NewLine); ) {
    j--;
    if (j >= 0) k = fastKind(text.charCodeAt(j));
  }
  if (j === q - 1 || j < 1) return false;
  return fastKind(text.charCodeAt(j)) === FastClass.Letter && fastKind(text.charCodeAt(j - 1)) === FastClass.Letter;
}

export class FusedScanner {
  private readonly det = new Int32Array(0x10000);
  private readonly ringPos = new Int32Array(RING);
  private readonly ringUnits = new Int32Array(RING);
  private readonly ringCut = new Uint8Array(RING);
  /** Windows handed to the exact path by the last scan (tests, benchmark). */
  windows = 0;
  windowChars = 0;
  private readonly reach: number;

  constructor(
    private readonly t: FusedTables,
    private readonly exact: ExactScan,
    /** Does normalised text hold a listed term that passes its checks (before allow phrases and help cues)? */
    private readonly hasTermHit: (nt: NormalisedText, text: string) => boolean,
    /** Help-seeking distance: cues this far from a match count. */
    private readonly help: number,
    /** First window reaches this far past the trigger (doubles until a resume point is found). */
    reach?: number,
  ) {
    this.reach = reach ?? 192 + 4 * t.maxLen;
    for (let c = 0; c < 0x250; c++) this.fill(c);
  }

  private fill(c: number): number {
    const f = fastEntry(c);
    const cls = f & 7;
    let v: number;
    if (cls === FastClass.Letter) v = (this.t.classOf[f >>> 3]! << 3) | LET;
    else if (cls === FastClass.Sep || cls === FastClass.NewLine) v = SEP;
    else if (cls === FastClass.Drop) v = DROP;
    else if (cls === FastClass.Apostrophe) v = APOS;
    else if (c >= 48 && c <= 57) v = (this.t.classOf[c]! << 3) | DIGIT;
    else if (c === 33 || c === 124 || c === 0x20ac || c === 0xa3) v = LEETSEP;
    else v = SLOW;
    this.det[c] = v;
    return v;
  }

  private kindAt(text: string, j: number): number {
    const c = text.charCodeAt(j);
    const v = this.det[c]!;
    return (v === 0 ? this.fill(c) : v) & 7;
  }

  // Scan state, kept in fields between the hot loop (detect) and the window handling, so the
  // hot loop stays a small function whose types never change.
  private row = 0;
  private last = 0;
  /** Units written so far (the virtual break is not one); never more than the normaliser's. */
  private units = 0;
  /** Where the current word started, and the unit count there. */
  private tokStart = 0;
  private tokUnits = 0;
  /** The current word holds an invisible character or an apostrophe (count its letters). */
  private irregular = false;
  private singles = 0;
  private prevMulti = true;
  /** Ring entries are [max(0, rn - RING), rn). */
  private rn = 1;

  scan(text: string): KeywordMatch[] {
    const n = text.length;
    const { delta, spaceCls } = this.t;
    this.windows = 0;
    this.windowChars = 0;
    this.rn = this.restartRing();
    const r0 = delta[spaceCls]!; // after the virtual word break before the text
    this.atWordStart(0, r0 < 0 ? ~r0 : r0, 0);
    let prevQ = 0;
    let reach = this.reach;
    let out: KeywordMatch[] | null = null;
    let i = 0;
    for (;;) {
      const trig = this.detect(text, i);
      if (trig < 0) break;
      // Dense triggers (a page of matches): reach further each time, so windows stay few.
      reach = trig - prevQ < reach ? Math.min(reach * 2, 1 << 16) : this.reach;
      const s = this.start(this.rn, this.units);
      const w = this.window(text, s.a, s.units, s.keep, trig, prevQ, reach);
      if (w.matches.length) (out ??= []).push(...w.matches);
      if (w.q >= n) break;
      prevQ = w.q;
      i = w.q;
      this.atWordStart(w.q, w.row, w.units);
      this.rn = w.rn;
    }
    if (!out) return [];
    return out.sort((x, y) => x.start - y.start || y.severity - x.severity || x.end - y.end);
  }

  /**
   * Scan state at a word start q that follows a word of two letters or more (the text start, or
   * a window's resume point): the automaton row and the unit count there.
   */
  private atWordStart(q: number, row: number, units: number): void {
    this.row = row;
    this.last = this.t.spaceCls;
    this.units = units;
    this.tokStart = q;
    this.tokUnits = units;
    this.irregular = false;
    this.singles = 0;
    this.prevMulti = true;
  }

  /** The ring holding only the text start (always a valid window start); its new length. */
  private restartRing(): number {
    this.ringPos[0] = 0;
    this.ringUnits[0] = 0;
    this.ringCut[0] = 1;
    return 1;
  }

  /**
   * The hot loop: from `from`, until something needs the exact path (its position) or the end
   * (-1). A letter costs a table read, a compare and, when it is not a repeat, one automaton
   * step; the bookkeeping for windows (word starts, letters per word) happens once per word,
   * at the break after it.
   */
  private detect(text: string, from: number): number {
    const n = text.length;
    const { delta, k, termOut, spaceCls } = this.t;
    const det = this.det;
    const ringPos = this.ringPos;
    const ringUnits = this.ringUnits;
    const ringCut = this.ringCut;
    let rn = this.rn;
    let row = this.row;
    let last = this.last; // spaceCls between words, else the class of the last unit of the word
    let units = this.units;
    let tokStart = this.tokStart;
    let tokUnits = this.tokUnits;
    let irregular = this.irregular;
    let singles = this.singles;
    let prevMulti = this.prevMulti;
    let trig = -1;
    /** A number standing alone ends here: its digits are units, stepped like letters. */
    let digitsEnd = 0;
    let i = from;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      let v = det[ch]!;
      if (v === 0) v = this.fill(ch);
      const kind = v & 7;
      if (kind === LET || (kind === DIGIT && i < digitsEnd)) {
        const c = v >>> 3;
        if (c !== last) {
          last = c;
          units++;
          row = delta[row + c]!;
          if (row < 0) {
            row = ~row;
            if (termOut[(row / k) | 0]) {
              trig = i;
              break;
            }
          }
        }
        continue;
      }
      let gapTo = i; // last index of what reads as a word break here
      if (kind !== SEP) {
        const inTok = last !== spaceCls;
        if (kind === DROP || (kind === APOS && inTok)) {
          irregular = true;
          continue;
        }
        const g = this.odd(text, i, kind, inTok);
        if (g === NEEDS_EXACT) {
          trig = i;
          break;
        }
        if (g === ASTRAL_DROP) {
          irregular = true;
          i++;
          continue;
        }
        if (g === DIGITS) {
          // A number standing alone: read this character again, now as the number's first unit.
          digitsEnd = this.oddEnd;
          i--;
          continue;
        }
        gapTo = g;
      }
      // A word break (separator, apostrophe outside a word, trailing "!", astral symbol).
      if (last !== spaceCls) {
        // The word [tokStart, i) just ended: remember where it started (a window may start
        // there when the word before it had two letters or more), and count spelt-out letters.
        const letters = irregular ? this.lettersIn(text, tokStart, i) : i - tokStart;
        irregular = false;
        const r = rn++ & MASK;
        ringPos[r] = tokStart;
        ringUnits[r] = tokUnits;
        ringCut[r] = prevMulti ? 1 : 0;
        prevMulti = letters >= 2;
        singles = letters === 1 ? singles + 1 : 0;
        if (singles >= 3) {
          trig = i;
          break;
        }
        last = spaceCls;
        units++;
        tokUnits = units;
        row = delta[row + spaceCls]!;
        if (row < 0) {
          row = ~row;
          const depth = termOut[(row / k) | 0]!;
          if (depth && this.mayHit(text, rn, units, depth, gapTo + 1)) {
            trig = i;
            break;
          }
        }
      }
      i = gapTo;
      tokStart = i + 1;
    }
    if (trig < 0 && last !== spaceCls) {
      // End of text: the word ends, then the virtual break after it.
      const letters = irregular ? this.lettersIn(text, tokStart, n) : n - tokStart;
      if (letters === 1 && singles + 1 >= 3) trig = n;
      else {
        const r = delta[row + spaceCls]!;
        if (r < 0 && termOut[(~r / k) | 0] && this.mayHit(text, rn, units, termOut[(~r / k) | 0]!, n)) trig = n;
      }
    }
    this.rn = rn;
    this.row = row;
    this.last = last;
    this.units = units;
    this.tokStart = tokStart;
    this.tokUnits = tokUnits;
    this.irregular = irregular;
    this.singles = singles;
    this.prevMulti = prevMulti;
    return trig;
  }

  /** Letters in [from, to) (a word holding invisible characters or apostrophes). */
  private lettersIn(text: string, from: number, to: number): number {
    let letters = 0;
    for (let j = from; j < to; j++) if (this.kindAt(text, j) === LET) letters++;
    return letters;
  }

  /** Where a run of digits (odd() said DIGITS) ends. */
  private oddEnd = 0;

  /**
   * A character that is neither a letter nor a plain separator, outside the hot path: the last
   * index of the word break it starts, DIGITS for a number standing alone (ending at oddEnd),
   * or NEEDS_EXACT when only the exact path can say what it is.
   */
  private odd(text: string, i: number, kind: number, inTok: boolean): number {
    const n = text.length;
    if (kind === DIGIT) {
      if (inTok) return NEEDS_EXACT;
      let j = i + 1;
      while (j < n && this.kindAt(text, j) === DIGIT) j++;
      if (j < n && this.kindAt(text, j) !== SEP) return NEEDS_EXACT;
      this.oddEnd = j;
      return DIGITS;
    }
    if (kind === LEETSEP || kind === APOS) {
      // "!!" after a word or between words is a break; before a letter it may be one.
      let j = i + 1;
      if (kind === LEETSEP) {
        while (j < n && this.kindAt(text, j) === LEETSEP) j++;
        if (j < n && this.kindAt(text, j) !== SEP) return NEEDS_EXACT;
      }
      return j - 1;
    }
    // SLOW: an astral separator is a break, an astral invisible character is skipped.
    const ch = text.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      const ak = lo >= 0xdc00 && lo <= 0xdfff ? astralKind(ch, lo) : SLOW;
      if (ak === SEP) return i + 1;
      if (ak === DROP) return ASTRAL_DROP;
    }
    return NEEDS_EXACT;
  }

  /**
   * A listed term's pattern ended at a word break (its last unit's repeat count is complete
   * there): is it really a match? Most such endings are not ("as" reaches the state of "ass",
   * whose "s" is doubled). The exact path decides on the few words before, from a word start
   * at least the state's depth back (no match ending here is longer), where normalising gives
   * the same units as the whole text.
   * A false alarm needs no window and the scan goes on; anything else opens one.
   */
  private mayHit(text: string, rn: number, u: number, depth: number, end: number): boolean {
    const { ringPos, ringUnits, ringCut } = this;
    const lo = Math.max(0, rn - RING);
    let x = rn - 1;
    while (x >= lo && (!ringCut[x & MASK] || ringUnits[x & MASK]! > u - depth - 1)) x--;
    if (x < lo) return true;
    const from = ringPos[x & MASK]!;
    const sub = text.slice(from, end);
    return this.hasTermHit(normaliseText(sub), sub);
  }

  /** Where a window for a trigger at unit count `u` starts (see the file comment). */
  private start(rn: number, u: number): { a: number; units: number; keep: number } {
    const { ringPos, ringUnits, ringCut } = this;
    const need = this.t.maxLen + 1;
    const lo = Math.max(0, rn - RING);
    let x = rn - 1;
    while (x >= lo && ringUnits[x & MASK]! > u - need) x--;
    if (x >= lo) {
      const p1 = ringPos[x & MASK]!;
      while (x >= lo && ringPos[x & MASK]! > p1 - this.help - 1) x--;
      if (x >= lo) {
        const u2 = ringUnits[x & MASK]!;
        while (x >= lo && (!ringCut[x & MASK] || ringUnits[x & MASK]! > u2 - need)) x--;
        if (x >= lo) return { a: ringPos[x & MASK]!, units: ringUnits[x & MASK]!, keep: x + 1 };
      }
    }
    // Not far enough back: the text start is always a valid start.
    return { a: 0, units: 0, keep: this.restartRing() };
  }

  /**
   * Run the exact path over [a, b), b growing until a resume point is found; report matches
   * ending in (prevQ, q]. Returns q, the automaton row and the unit count there, and the ring
   * (entries up to a kept, the window's word starts before q added).
   */
  private window(text: string, a: number, aUnits: number, keep: number, trig: number, prevQ: number, reach: number): { q: number; row: number; units: number; rn: number; matches: KeywordMatch[] } {
    const n = text.length;
    const { delta, classOf, spaceCls, maxLen } = this.t;
    const help = this.help;
    let b = Math.min(n, Math.max(trig, a) + reach);
    for (;;) {
      this.windows++;
      this.windowChars += b - a;
      const sub = text.slice(a, b);
      const nt = normaliseText(sub);
      const found = this.exact(nt, sub);
      const shift = (m: KeywordMatch): KeywordMatch => ({ ...m, start: m.start + a, end: m.end + a });
      if (b >= n) return { q: n, row: 0, units: 0, rn: keep, matches: found.map(shift).filter((m) => m.end > prevQ) };
      // Word starts where a window may start or stop, with the automaton row there.
      const candU: number[] = [];
      const candRow: number[] = [];
      let row = delta[spaceCls]!;
      if (row < 0) row = ~row;
      const code = nt.code;
      for (let u = 1, m = nt.length; u < m; u++) {
        row = delta[row + classOf[code[u - 1]!]!]!;
        if (row < 0) row = ~row;
        if (code[u - 1] === 32 && isCutShape(text, nt.start[u]! + a)) {
          candU.push(u);
          candRow.push(row);
        }
      }
      // Settled: everything before the last candidate is final. The latest stop with a whole
      // pattern's length of settled text after it bounds what any reported match may need.
      const settled = candU.length ? candU[candU.length - 1]! : -1;
      let cMax = candU.length - 1;
      while (cMax >= 0 && candU[cMax]! + maxLen + 1 > settled) cMax--;
      const qMax = cMax >= 0 ? nt.start[candU[cMax]!]! + a : -1;
      for (let c = cMax; c >= 0; c--) {
        const q = nt.start[candU[c]!]! + a;
        if (q <= trig) break;
        // A help cue for a reported match starts within `help` of its end: before qMax.
        const matches = found.map(shift).filter((m) => m.end > prevQ && m.end <= q);
        if (matches.some((m) => m.end + help + 1 > qMax)) continue;
        let rn = keep;
        for (let x = 0; x < c; x++) {
          const r = rn++ & MASK;
          this.ringPos[r] = nt.start[candU[x]!]! + a;
          this.ringUnits[r] = aUnits + candU[x]!;
          this.ringCut[r] = 1;
        }
        return { q, row: candRow[c]!, units: aUnits + candU[c]!, rn, matches };
      }
      b = Math.min(n, a + 2 * (b - a));
    }
  }
}
