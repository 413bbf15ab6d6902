/**
 * Deterministic text and term lists for the keyword benchmark.
 *
 * The text stands for what the extension scans: pupils' typing (chat, homework, lower case,
 * stretched letters, emoji), search queries, and page text (capitalised prose). Most of it is
 * benign English from a few hundred common words; about 1 line in 100 is in a community
 * language (Polish, Romanian, Urdu, Arabic, Punjabi), about 1 in 150 holds a flagged
 * term, an evasion or a trap from the fixtures. (The previous generator drew half its lines
 * from the evasion fixtures, so a third of all lines held a flagged term: a stress test of
 * match handling, not realistic text.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TERMS } from '../../shared/keywords/default-lists';
import type { KeywordTerm } from '../../shared/keywords/types';
import { CATEGORIES } from '../../shared/protocol/categories';

import { prng } from '../support/prng';


const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'keywords');
const fixture = (f: string) =>
  fs
    .readFileSync(path.join(fixtures, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t').at(-1)!);
const evasions = fixture('evasions.tsv');
const traps = fixture('traps.txt');
const helpSeeking = fixture('help-seeking.tsv');
/** Benign lines in the community languages the lists make room for (Polish, Romanian, Urdu, Arabic, Punjabi). */
const COMMUNITY = [
  'Zrobiłem zadanie domowe z matematyki', 'Jutro idziemy do szkoły', 'Bardzo lubię grać w piłkę', 'Gdzie jest moja książka?',
  'Mâine mergem la școală', 'Îmi place să citesc povești', 'میں اسکول جا رہا ہوں', 'آج موسم بہت اچھا ہے',
  'أحب كرة القدم كثيرا', 'ذهبنا إلى الحديقة اليوم', 'ਮੈਂ ਸਕੂਲ ਜਾ ਰਿਹਾ ਹਾਂ', 'ਅੱਜ ਮੌਸਮ ਬਹੁਤ ਵਧੀਆ ਹੈ',
];

/** Common English words (function words repeated so they come up as often as in real text). */
const WORDS = `the the the the the and and and to to to a a a of of in in is is it it you you that he she was for on are with as
i i i my my we they be at one have this from or had by not but what all were when your can said there use an each which do how
their if will up other about out many then them these so some her would make like him into time has look two more write go see
number no way could people than first water been call who oil its now find long down day did get come made may part over new
sound take only little work know place year live me back give most very after thing our just name good sentence man think say
great where help through much before line right too mean old any same tell boy follow came want show also around form three
small set put end does another well large must big even such because turn here why ask went men read need land different home
us move try kind hand picture again change off play spell air away animal house point page letter mother answer found study still
learn should world high every near add food between own below country plant last school father keep tree never start city earth
eye light thought head under story saw left few while along might close something seem next hard open example begin life always
those both paper together got group often run important until children side feet car mile night walk white sea began grow took
river four carry state once book hear stop without second later miss idea enough eat face watch far really almost let above girl
sometimes mountain cut young talk soon list song being leave family minecraft football roblox youtube homework teacher friend
friends mum dad nan brother sister dog cat pizza chips game games level lesson maths english science history art music lunch
break playground class classroom tablet laptop video videos funny cool awesome weekend holiday birthday party present cake swim
pool park bike scooter dinosaur dinosaurs space planet planets volcano volcanoes rainforest ocean shark sharks pokemon lego
drawing draw colour colouring spelling times tables reading writing story stories poem poems project tomorrow today yesterday
tired happy sad angry bored excited scared worried lol omg tbh idk pls thx ok okay yeah yes nope`.split(/\s+/);
const PUPIL_OPENERS = ['i think', 'can we', 'did you', 'my', 'omg', 'lol', 'who wants to', 'i love', 'i hate', 'why is', 'we should', 'tbh'];
const QUERY_OPENERS = ['how to', 'what is', 'why do', 'where is', 'how many', 'best', 'facts about', 'pictures of', 'how do you', 'when did'];
const EMOJI = ['😀', '😂', '👍', '❤️', '🔥', '😭', '🎮', '⚽'];
const flagged = DEFAULT_TERMS.filter((t) => t.kind !== 'help').map((t) => t.term);

/** Realistic mixed text of about `chars` UTF-16 code units, one input or paragraph per line. */
export function corpus(chars: number, seed: number): string {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const stretch = (w: string) => (w.length > 2 && rnd() < 0.3 ? w + w.at(-1)!.repeat(2 + Math.floor(rnd() * 4)) : w);
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  const parts: string[] = [];
  let n = 0;
  while (n < chars) {
    const r = rnd();
    let s: string;
    if (r < 0.35) {
      // Pupil typing: lower case, short, sometimes stretched words, emoji, "!!" or "??".
      s = `${pick(PUPIL_OPENERS)} ${words(2 + Math.floor(rnd() * 8))
        .split(' ')
        .map(stretch)
        .join(' ')}${rnd() < 0.3 ? ' ' + pick(EMOJI) : ''}${rnd() < 0.3 ? pick(['!!', '??', '!', '...']) : ''}`;
    } else if (r < 0.6) {
      // A search query.
      s = `${pick(QUERY_OPENERS)} ${words(1 + Math.floor(rnd() * 4))}`;
    } else if (r < 0.983) {
      // Page text: a paragraph of capitalised sentences.
      const sentences = 1 + Math.floor(rnd() * 5);
      s = Array.from({ length: sentences }, () => `${cap(words(5 + Math.floor(rnd() * 14)))}${rnd() < 0.3 ? ',' : ''} ${words(2 + Math.floor(rnd() * 6))}.`).join(' ');
    } else if (r < 0.993) s = pick(COMMUNITY);
    else if (r < 0.9955) s = `${pick(PUPIL_OPENERS)} ${pick(flagged)} ${words(3)}`;
    else if (r < 0.998) s = pick(evasions);
    else s = pick(rnd() < 0.7 ? traps : helpSeeking);
    parts.push(s);
    n += s.length + 1;
  }
  return parts.join('\n');
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'spin', 'dro', 'vel', 'sha', 'qui', 'bor', 'nex', 'tal', 'ri', 'pu', 'gen', 'zo', 'wex', 'ham', 'fi', 'cro'];

/**
 * The shipped terms padded to `count` with made-up ones: made-up words, a common word plus a
 * made-up word, and three-word phrases of common words (so the automaton walks deep into
 * phrases that start like ordinary text and then fail).
 */
export function syntheticTerms(count: number, seed: number): KeywordTerm[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const out: KeywordTerm[] = [...DEFAULT_TERMS.filter((t) => t.kind !== 'help')];
  const seen = new Set(out.map((t) => t.term));
  while (out.length < count) {
    const r = rnd();
    let term: string;
    if (r < 0.4) term = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(SYLLABLES)).join('');
    else if (r < 0.8) term = `${pick(WORDS)} ${Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => pick(SYLLABLES)).join('')}`;
    else term = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`;
    if (seen.has(term)) continue;
    seen.add(term);
    out.push({ term, category: pick(CATEGORIES), severity: 1 + Math.floor(rnd() * 5) });
  }
  return out;
}

/** A page made only of evasion fixture lines: every line a match (worst case for match handling). */
export function evasionPage(chars: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += evasions[i % evasions.length] + '\n';
  return out.slice(0, chars);
}
