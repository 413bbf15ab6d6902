import type { Category } from '../protocol/categories';
import { automatonBytes, automatonFromShape, buildAutomaton, type Automaton } from './automaton';
import { fromBase64, toBase64 } from './base64';
import { FusedScanner } from './fused-scan';
import { normaliseTerm, normaliseText, type NormalisedText } from './normalise';
import type { AllowPhrase, KeywordMatch, KeywordTerm } from './types';

const SPACE = 32;
const enum Kind {
  Term = 0,
  Help = 1,
  Allow = 2,
}
const enum Flag {
  StartBoundary = 1,
  EndBoundary = 2,
  /**
   * Variant of a term ending in "i", without that "i": matches only when the word is directly
   * followed by "!" and already holds a leetspeak character ("n@z!" = "nazi"). The normaliser
   * reads a trailing "!" as punctuation ("k1ll!" must stay "kill", "Naz!" is a name), so the
   * "!"-as-"i" reading is tried here, where the term list says which words it could complete.
   */
  BangI = 4,
}
const BANG = 33;
const LETTER_I = 105;
/** Characters that show a word is written in leetspeak. */
const LEETY = /[0-9$@|€£]/;

/** What each pattern is (parallel to the automaton's pattern ids). */
interface PatternMeta {
  term: string;
  category: Category | null;
  severity: number;
  kind: Kind;
  flags: number;
  /** Allow phrase: categories it silences (null = all). */
  allowFor: readonly Category[] | null;
}

/** Categories whose help-seeking matches keep their severity: the child may be at risk. */
const RISK_TO_CHILD = new Set<Category>(['suicide', 'self-harm', 'exploitation', 'illegal']);
/** Help-seeking wording counts for a match in the same sentence, this close. */
const HELP_DISTANCE = 120;
const SENTENCE_END = /[.!?\n\r]/;

export interface Matcher {
  /** Matches in `text`, offsets into `text`, sorted by position (fused scan, see fused-scan.ts). */
  scan(text: string): KeywordMatch[];
  /** Same result the plain way: normalise the whole text, then scan it (the fused scan's oracle). */
  scanExact(text: string): KeywordMatch[];
  /** Same, on text already normalised (the benchmark times the two halves apart). */
  scanNormalised(nt: NormalisedText, text: string): KeywordMatch[];
  /** Number of raw automaton hits in normalised text, before any filtering (benchmark). */
  countHits(nt: NormalisedText): number;
  /** A JSON string that `deserialiseMatcher` loads without re-normalising any term. */
  serialise(): string;
  readonly stats: { patterns: number; states: number; alphabet: number; bytes: number };
  /** Windows the last `scan` handed to the exact path, and their total length (benchmark, tests). */
  readonly lastScan: { windows: number; windowChars: number };
}

interface Hit {
  p: number;
  /** Unit indexes, inclusive. */
  s: number;
  e: number;
}

/** First index in hits (sorted by start) whose start is >= s. */
function lowerBound(hits: readonly Hit[], s: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.s < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function boundaryFlags(raw: string): { text: string; flags: number } {
  let flags = Flag.StartBoundary | Flag.EndBoundary;
  let text = raw.trim();
  if (text.startsWith('*')) {
    flags &= ~Flag.StartBoundary;
    text = text.slice(1);
  }
  if (text.endsWith('*')) {
    flags &= ~Flag.EndBoundary;
    text = text.slice(0, -1);
  }
  return { text, flags };
}

class CompiledMatcher implements Matcher {
  private readonly len: Int32Array;
  private readonly runOff: Int32Array;
  /** Per pattern: 1 when its automaton pattern ends with the word-break anchor. */
  private readonly tail: Uint8Array;
  private readonly spaceCls: number;
  private readonly fused: FusedScanner;

  constructor(
    private readonly a: Automaton,
    private readonly meta: readonly PatternMeta[],
    /** Repeat counts of every pattern's units, concatenated. */
    private readonly runs: Uint8Array,
    lengths: readonly number[],
    opts: MatcherOptions = {},
  ) {
    this.len = Int32Array.from(lengths);
    this.runOff = new Int32Array(lengths.length + 1);
    for (let i = 0; i < lengths.length; i++) this.runOff[i + 1] = this.runOff[i]! + lengths[i]!;
    if (this.runOff[lengths.length] !== runs.length) throw new Error('keyword matcher: pattern lengths do not add up');
    this.tail = Uint8Array.from(meta, (m) => (m.flags & Flag.EndBoundary ? 1 : 0));
    this.spaceCls = a.classOf[SPACE]!;
    // Longest pattern in units, anchors included; states where a listed term (not an allow
    // phrase or a help cue) ends, for the fused scan's triggers.
    const depth = new Int32Array(a.states); // a state's depth = the length of its pattern prefix
    for (let st = 1; st < a.states; st++) depth[st] = depth[a.parent[st]!]! + 1; // parents come first
    let maxLen = 1;
    for (let p = 0; p < meta.length; p++) {
      const anchored = this.len[p]! + this.tail[p]! + (meta[p]!.flags & Flag.StartBoundary ? 1 : 0);
      if (anchored !== depth[a.patEnd[p]!]) throw new Error('keyword matcher: pattern table does not match the automaton');
      maxLen = Math.max(maxLen, anchored);
    }
    const termHere = new Uint8Array(a.states);
    for (let p = 0; p < meta.length; p++) if (meta[p]!.kind === Kind.Term) termHere[a.patEnd[p]!] = 1;
    const termOut = new Int32Array(a.states);
    for (let st = 1; st < a.states; st++) {
      for (let o = a.outLink[st]!; o !== 0; o = a.nextOut[o]!) {
        if (termHere[o]) {
          termOut[st] = depth[st]!;
          break;
        }
      }
    }
    this.fused = new FusedScanner({ delta: a.delta, k: a.k, classOf: a.classOf, termOut, maxLen, spaceCls: this.spaceCls }, (nt, text) => this.scanNormalised(nt, text), (nt, text) => this.hasTermHit(nt, text), HELP_DISTANCE, opts.windowReach);
  }

  get lastScan() {
    return { windows: this.fused.windows, windowChars: this.fused.windowChars };
  }

  get stats() {
    return { patterns: this.meta.length, states: this.a.states, alphabet: this.a.k, bytes: automatonBytes(this.a) + this.runs.byteLength };
  }

  scan(text: string): KeywordMatch[] {
    return this.fused.scan(text);
  }

  scanExact(text: string): KeywordMatch[] {
    return this.scanNormalised(normaliseText(text), text);
  }

  countHits(nt: NormalisedText): number {
    const { delta, classOf } = this.a;
    const code = nt.code;
    const sp = this.spaceCls;
    let row = delta[sp]!; // the virtual word break before the text
    if (row < 0) row = ~row;
    let hits = 0;
    for (let i = 0, n = nt.length; i < n; i++) {
      row = delta[row + classOf[code[i]!]!]!;
      if (row < 0) {
        row = ~row;
        hits++;
      }
    }
    if (delta[row + sp]! < 0) hits++; // and the one after it
    return hits;
  }

  /**
   * Patterns are anchored: a word boundary is a word-break unit in the pattern (the text has a
   * virtual one before and after it), so the automaton itself enforces whole words. `e` is the
   * last real unit of the match.
   */
  private accept(p: number, e: number, nt: NormalisedText, text: string): number {
    const len = this.len[p]!;
    const s = e - len + 1;
    const m = this.meta[p]!;
    if (m.flags & Flag.BangI) {
      const bang = nt.start[e + 1];
      if (e + 1 >= nt.length || bang !== nt.end[e] || text.charCodeAt(bang!) !== BANG) return -1;
      if (!LEETY.test(text.slice(nt.start[s]!, nt.end[e]!))) return -1;
    }
    // Repeated letters: as listed, or stretched to 3+ ("killlll"); "as" is not "ass", "good" not "god".
    const off = this.runOff[p]!;
    for (let j = 0; j < len; j++) {
      const want = this.runs[off + j]!;
      const got = nt.run[s + j]!;
      if (got !== want && got < Math.max(3, want + 1)) return -1;
    }
    return s;
  }

  /** Does the text hold a listed term that passes its checks (the fused scan's false-alarm test)? */
  private hasTermHit(nt: NormalisedText, text: string): boolean {
    return this.hits(nt, text, true).length > 0;
  }

  scanNormalised(nt: NormalisedText, text: string): KeywordMatch[] {
    const hits = this.hits(nt, text, false);
    return hits.length ? this.resolve(hits, nt, text) : [];
  }

  /** Every pattern occurrence that passes its checks, in order of its end (or the first listed term's). */
  private hits(nt: NormalisedText, text: string, firstTerm: boolean): Hit[] {
    const { delta, k, classOf, outLink, nextOut, firstPat, patNext } = this.a;
    const code = nt.code;
    const hits: Hit[] = [];
    const sp = this.spaceCls;
    const tail = this.tail;
    const n = nt.length;
    let row = delta[sp]!; // the virtual word break before the text
    if (row < 0) row = ~row;
    for (let i = 0; i <= n; i++) {
      row = delta[row + (i < n ? classOf[code[i]!]! : sp)]!; // and the one after it
      if (row >= 0) continue;
      row = ~row;
      for (let o = outLink[(row / k) | 0]!; o !== 0; o = nextOut[o]!) {
        for (let p = firstPat[o]!; p !== -1; p = patNext[p]!) {
          if (firstTerm && this.meta[p]!.kind !== Kind.Term) continue;
          const e = i - tail[p]!;
          const s = this.accept(p, e, nt, text);
          if (s < 0) continue;
          hits.push({ p, s, e });
          if (firstTerm) return hits;
        }
      }
    }
    return hits;
  }

  /** Allow phrases, help-seeking and overlaps: from raw hits to what is reported. */
  private resolve(hits: Hit[], nt: NormalisedText, text: string): KeywordMatch[] {
    // Hits arrive in order of their end; sorted by start, allow phrases and help cues can be
    // searched by position, so a page full of "kill time" stays linear, not quadratic.
    const byStart = (x: Hit, y: Hit) => x.s - y.s;
    const allows = hits.filter((h) => this.meta[h.p]!.kind === Kind.Allow).sort(byStart);
    const helps = hits.filter((h) => this.meta[h.p]!.kind === Kind.Help).sort(byStart);
    let maxAllowLen = 0;
    for (const a of allows) maxAllowLen = Math.max(maxAllowLen, a.e - a.s);
    let terms = hits.filter((h) => {
      if (this.meta[h.p]!.kind !== Kind.Term) return false;
      const cat = this.meta[h.p]!.category!;
      // An allow phrase covering h starts at or before h.s and no earlier than h.e - maxAllowLen.
      for (let i = lowerBound(allows, h.e - maxAllowLen); i < allows.length && allows[i]!.s <= h.s; i++) {
        const a = allows[i]!;
        if (a.e >= h.e && (this.meta[a.p]!.allowFor?.includes(cat) ?? true)) return false;
      }
      return true;
    });
    // Help cues in original-text order, for the same-sentence test below.
    const cueStart = helps.map((c) => nt.start[c.s]!);
    let maxCueSpan = 0;
    for (const c of helps) maxCueSpan = Math.max(maxCueSpan, nt.end[c.e]! - nt.start[c.s]!);
    // A match inside a longer match is part of it ("kill" inside "kill myself"). Sorted by
    // start, longest first: a hit is inside an earlier one that ends later, or that starts
    // earlier and ends at the same place.
    // A "!"-as-"i" reading yields to a plain reading of the same letters ("jih@d!" is "jihad!").
    if (terms.some((h) => this.meta[h.p]!.flags & Flag.BangI)) {
      const plain = new Set(terms.filter((h) => !(this.meta[h.p]!.flags & Flag.BangI)).map((h) => `${h.s}:${h.e}`));
      terms = terms.filter((h) => !(this.meta[h.p]!.flags & Flag.BangI) || !plain.has(`${h.s}:${h.e}`));
    }
    terms.sort((x, y) => x.s - y.s || y.e - x.e);
    let maxE = -1;
    let maxEEarlier = -1;
    let curS = -1;
    let maxEBeforeCur = -1;
    terms = terms.filter((h) => {
      if (h.s !== curS) {
        maxEBeforeCur = maxE;
        curS = h.s;
      }
      maxEEarlier = maxEBeforeCur;
      const inside = maxE > h.e || maxEEarlier >= h.e;
      if (h.e > maxE) maxE = h.e;
      return !inside;
    });
    const out: KeywordMatch[] = [];
    const seen = new Set<string>();
    for (const h of terms) {
      const m = this.meta[h.p]!;
      const start = nt.start[h.s]!;
      const end = nt.end[h.e]! + (m.flags & Flag.BangI ? 1 : 0); // include the "!" read as an "i"
      const key = `${m.term}\u0000${m.category}\u0000${start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const match: KeywordMatch = { term: m.term, category: m.category!, severity: m.severity, start, end };
      if (m.category !== 'wellbeing' && this.anyCueNear(helps, cueStart, maxCueSpan, h, nt, text)) {
        match.helpSeeking = true;
        match.topic = m.category!;
        match.category = 'wellbeing';
        if (!RISK_TO_CHILD.has(m.category!)) match.severity = Math.min(m.severity, 2);
      }
      out.push(match);
    }
    return out.sort((x, y) => x.start - y.start || y.severity - x.severity || x.end - y.end);
  }

  /** Is any help cue in the same sentence as h? Only cues within HELP_DISTANCE are tried. */
  private anyCueNear(helps: Hit[], cueStart: number[], maxCueSpan: number, h: Hit, nt: NormalisedText, text: string): boolean {
    const from = nt.start[h.s]! - HELP_DISTANCE - maxCueSpan;
    const to = nt.end[h.e]! + HELP_DISTANCE;
    let lo = 0;
    let hi = cueStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cueStart[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < helps.length && cueStart[i]! <= to; i++) if (this.sameSentence(helps[i]!, h, nt, text)) return true;
    return false;
  }

  private sameSentence(cue: Hit, h: Hit, nt: NormalisedText, text: string): boolean {
    const a = Math.min(nt.end[cue.e]!, nt.end[h.e]!);
    const b = Math.max(nt.start[cue.s]!, nt.start[h.s]!);
    if (b <= a) return true; // overlapping
    return b - a <= HELP_DISTANCE && !SENTENCE_END.test(text.slice(a, b));
  }

  serialise(): string {
    const a = this.a;
    return JSON.stringify({
      format: 'esafety-keywords',
      v: 2,
      alphabet: toBase64(new Uint8Array(a.alphabet.buffer, a.alphabet.byteOffset, a.alphabet.byteLength)),
      parent: toBase64(new Uint8Array(a.parent.buffer, a.parent.byteOffset, a.parent.byteLength)),
      edgeClass: toBase64(new Uint8Array(a.edgeClass.buffer, a.edgeClass.byteOffset, a.edgeClass.byteLength)),
      patEnd: toBase64(new Uint8Array(a.patEnd.buffer, a.patEnd.byteOffset, a.patEnd.byteLength)),
      runs: toBase64(this.runs),
      patterns: this.meta.map((m, i) => [m.term, m.category, m.severity, m.kind, m.flags, m.allowFor, this.len[i]]),
    });
  }
}

export interface MatcherOptions {
  /** How far past a trigger the fused scan's first window reaches (tests make it tiny). */
  windowReach?: number | undefined;
}

/**
 * Compile keyword lists and allow phrases into a matcher. Terms are normalised like the text;
 * the same term listed twice in one category keeps its highest severity.
 */
export function compileMatcher(lists: readonly KeywordTerm[], allow: readonly (string | AllowPhrase)[] = [], opts: MatcherOptions = {}): Matcher {
  const units: number[][] = [];
  const lengths: number[] = [];
  const runs: number[] = [];
  const meta: PatternMeta[] = [];
  const byKey = new Map<string, number>();
  const add = (raw: string, m: Omit<PatternMeta, 'flags' | 'term'>) => {
    const { text, flags } = boundaryFlags(raw);
    const n = normaliseTerm(text);
    if (n.units.length === 0) return; // nothing matchable (only punctuation)
    addUnits(text, flags, n, m);
    const last = n.units.length - 1;
    if (m.kind === Kind.Term && flags & Flag.EndBoundary && last >= 2 && n.units[last] === LETTER_I && n.runs[last] === 1 && n.units[last - 1] !== SPACE) {
      addUnits(text, flags | Flag.BangI, { units: n.units.slice(0, last), runs: n.runs.slice(0, last) }, m);
    }
  };
  const addUnits = (text: string, flags: number, n: { units: number[]; runs: number[] }, m: Omit<PatternMeta, 'flags' | 'term'>) => {
    const key = `${m.kind}\u0000${m.category}\u0000${flags}\u0000${String.fromCharCode.apply(null, n.units)}\u0000${String.fromCharCode.apply(null, n.runs)}`;
    const existing = byKey.get(key);
    if (existing !== undefined) {
      const e = meta[existing]!;
      if (m.severity > e.severity) meta[existing] = { ...e, severity: m.severity };
      if (m.kind === Kind.Allow) meta[existing] = { ...e, allowFor: e.allowFor && m.allowFor ? [...new Set([...e.allowFor, ...m.allowFor])] : null };
      return;
    }
    byKey.set(key, meta.length);
    // Anchored: a word break before and after, where the term needs a word boundary there.
    units.push([...(flags & Flag.StartBoundary ? [SPACE] : []), ...n.units, ...(flags & Flag.EndBoundary ? [SPACE] : [])]);
    lengths.push(n.units.length);
    for (const r of n.runs) runs.push(r);
    meta.push({ ...m, term: text, flags });
  };
  for (const t of lists) {
    if (!Number.isInteger(t.severity) || t.severity < 1 || t.severity > 5) throw new Error(`keyword "${t.term}": severity must be 1–5`);
    add(t.term, { category: t.category, severity: t.severity, kind: t.kind === 'help' ? Kind.Help : Kind.Term, allowFor: null });
  }
  for (const a of allow) {
    const phrase = typeof a === 'string' ? a : a.phrase;
    const cats = typeof a === 'string' || !a.categories?.length ? null : [...a.categories];
    add(phrase, { category: null, severity: 0, kind: Kind.Allow, allowFor: cats });
  }
  return new CompiledMatcher(buildAutomaton(units), meta, Uint8Array.from(runs), lengths, opts);
}

/** Load a matcher saved with `serialise()` (e.g. shipped precompiled in the extension). */
export function deserialiseMatcher(json: string): Matcher {
  const d = JSON.parse(json) as {
    format?: string;
    v?: number;
    alphabet: string;
    parent: string;
    edgeClass: string;
    patEnd: string;
    runs: string;
    patterns: [string, Category | null, number, Kind, number, Category[] | null, number][];
  };
  if (d.format !== 'esafety-keywords' || d.v !== 2) throw new Error('keyword matcher: not a serialised matcher (or another format version)');
  const u8 = (s: string) => fromBase64(s);
  const view = <T>(s: string, Ctor: { new (b: ArrayBuffer): T }) => new Ctor(u8(s).slice().buffer as ArrayBuffer);
  const a = automatonFromShape({
    alphabet: view(d.alphabet, Uint16Array),
    parent: view(d.parent, Int32Array),
    edgeClass: view(d.edgeClass, Uint16Array),
    patEnd: view(d.patEnd, Int32Array),
  });
  if (a.patEnd.length !== d.patterns.length) throw new Error('keyword matcher: pattern table does not match the automaton');
  const meta = d.patterns.map(([term, category, severity, kind, flags, allowFor]) => ({ term, category, severity, kind, flags, allowFor }));
  return new CompiledMatcher(a, meta, u8(d.runs), d.patterns.map((p) => p[6]));
}
