/**
 * How one code point folds before matching: Unicode compatibility decomposition (full-width,
 * ligatures, mathematical letters), case folding, diacritics removed, Cyrillic/Greek letters
 * that look Latin mapped to the Latin letter, a few letters NFKD leaves alone (ł, ø, ß, æ),
 * and Arabic-script spelling variants (alef forms, Arabic/Persian yeh and kaf, harakat).
 * The result is cached per BMP code unit, so folding costs one table read per character.
 */

/** What a code point is, for the normaliser. */
export const enum CharKind {
  /** Not computed yet (cache only). */
  Unknown = 0,
  /** Invisible: zero-width, joiners, soft hyphen, variation selectors, combining accents. */
  Drop = 1,
  /** Separates words: spaces, punctuation, symbols, emoji. */
  Sep = 2,
  /** A letter (any script) or a mark that belongs to a letter (Indic vowel signs). */
  Letter = 3,
  /** A digit; leetspeak digits read as letters inside a word that has letters. */
  Digit = 4,
  /** A symbol that reads as a letter inside a word (`$uicide`, `k!ll`); a separator otherwise. */
  LeetSymbol = 5,
  /** Apostrophe between letters: dropped (`don't` = `dont`). */
  Apostrophe = 6,
}

export interface FoldedChar {
  kind: CharKind;
  /** Replacement text (usually one code unit, `ß` → `ss`); empty for Drop/Sep. */
  text: string;
}

/** Leetspeak readings: used only inside a word that also has real letters. */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '€': 'e',
  '£': 'l',
};

/** Cyrillic and Greek letters that look like Latin ones (after lower-casing). */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g', ү: 'y', ы: 'bi',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', σ: 'o', ς: 'c',
  τ: 't', υ: 'u', χ: 'x', ω: 'w', ζ: 'z',
  // Latin letters NFKD does not decompose
  ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd', ŀ: 'l',
  // Arabic script: one spelling for letters written several ways (Arabic vs Urdu/Persian forms)
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ي': 'ی', 'ى': 'ی', 'ك': 'ک', 'ة': 'ه', 'ۀ': 'ه', 'ؤ': 'و', 'ئ': 'ی',
};

const INVISIBLE = /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e0fff}\u0640]$/u;
/** Accents and Arabic harakat are dropped; other marks (Indic vowel signs) are part of the word. */
const DROPPED_MARK = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670\u06d6-\u06ed]/gu;
const LETTER = /^[\p{L}\p{M}]$/u;
const DIGIT = /^\p{Nd}$/u;
const APOSTROPHES = new Set(["'", '\u2019', '\u02bc', '\u2018', '`']);

/** Fold one code point (uncached). */
export function foldCodePoint(ch: string): FoldedChar {
  if (INVISIBLE.test(ch)) return { kind: CharKind.Drop, text: '' };
  if (APOSTROPHES.has(ch)) return { kind: CharKind.Apostrophe, text: '' };
  if (ch in LEET && !/\d/.test(ch)) return { kind: CharKind.LeetSymbol, text: ch };
  let out = '';
  let kind: CharKind = CharKind.Sep;
  const decomposed = ch.normalize('NFKD').replace(DROPPED_MARK, '');
  if (decomposed === '') return { kind: CharKind.Drop, text: '' };
  for (const c of decomposed.toLowerCase()) {
    if (LETTER.test(c)) {
      out += HOMOGLYPHS[c] ?? c;
      kind = CharKind.Letter;
    } else if (DIGIT.test(c)) {
      // Other scripts' digits (Arabic-Indic ٣) become ASCII digits.
      const ascii = String(Number.parseInt(c, 10));
      out += /^\d$/.test(ascii) ? ascii : c;
      if (kind !== CharKind.Letter) kind = CharKind.Digit;
    }
  }
  if (kind === CharKind.Sep) return { kind, text: '' };
  // A compatibility form such as "½" or "①" mixes kinds; treat as one letter run.
  return { kind, text: out };
}

// Cache for the Basic Multilingual Plane: kind in the low 3 bits, single code unit above,
// or MULTI for results longer than one code unit (kept in a Map).
const cache = new Int32Array(0x10000);
const MULTI = 7;
const multi = new Map<number, string>();

/** Fold one UTF-16 code unit from the BMP (not a surrogate), cached. */
export function foldUnit(code: number): number {
  let v = cache[code]!;
  if (v !== 0) return v;
  const f = foldCodePoint(String.fromCharCode(code));
  if (f.text.length === 1) v = (f.text.charCodeAt(0) << 3) | f.kind;
  else if (f.text.length === 0) v = f.kind;
  else {
    multi.set(code, f.text);
    v = (MULTI << 28) | f.kind;
  }
  cache[code] = v;
  return v;
}

export const unitKind = (v: number): CharKind => (v & 7) as CharKind;
export const isMulti = (v: number): boolean => v >>> 28 === MULTI;
export const unitChar = (v: number): number => (v >>> 3) & 0xffff;
export const multiText = (code: number): string => multi.get(code) ?? '';

// Warm the cache for ASCII so the common path never calls normalize().
for (let c = 0; c < 128; c++) foldUnit(c);
