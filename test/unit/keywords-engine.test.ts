import { describe, expect, it } from 'vitest';
import { compileKeywords } from '../../shared/keywords/engine';
import { DEFAULT_ALLOW, DEFAULT_TERMS } from '../../shared/keywords/default-lists';
import { compileMatcher, deserialiseMatcher } from '../../shared/keywords/matcher';
import { normaliseText, normalisedString } from '../../shared/keywords/normalise';
import { CATEGORIES } from '../../shared/protocol/categories';
import { KeywordPolicy, defaultKeywordPolicy } from '../../shared/policy/keywords-section';

const matcher = compileKeywords(defaultKeywordPolicy());
const terms = (text: string) => matcher.scan(text).map((m) => m.term);

describe('normaliser', () => {
  it.each([
    ['Ｈｅｌｌｏ', 'helo'], // repeats collapse into one unit that remembers its count
    ['Crème Brûlée', 'creme brule'],
    ['ŁÓDŹ żółć', 'lodz zolc'],
    ['a\u200bb\u200dc', 'abc'],
    ['don\u2019t   stop -- now', 'dont stop now'],
    ['k1ll 3v3ryth1ng', 'kil everything'],
    ['room 101 at 3pm', 'rom 101 at epm'], // digits are letters only inside words
    ['s.u.i.c.i.d.e', 'suicide'],
    ['h e l l o  t h e r e', 'helo there'],
    ['sooooo good', 'so god'],
  ])('%j → %j', (input, expected) => {
    expect(normalisedString(normaliseText(input))).toBe(expected);
  });

  it('maps every unit back to the original text', () => {
    const text = 'I  want to k.i.l.l  everyone';
    const nt = normaliseText(text);
    for (let i = 0; i < nt.length; i++) {
      expect(nt.start[i]).toBeLessThan(nt.end[i]!);
      if (i > 0) expect(nt.start[i]).toBeGreaterThanOrEqual(nt.end[i - 1]!);
    }
  });

  it('keeps letters of scripts it does not fold (Gurmukhi vowel signs, Urdu)', () => {
    expect(normalisedString(normaliseText('ਖੁਦਕੁਸ਼ੀ'))).toBe('ਖੁਦਕੁਸ਼ੀ'.normalize('NFKD'));
    expect(normalisedString(normaliseText('خودکُشی'))).toBe('خودکشی');
  });
});

describe('matcher: positions, phrases and word boundaries', () => {
  it('indexes the original text, whatever the disguise', () => {
    const text = 'ok so i want to K1LLLL   mysélf now';
    const [m] = matcher.scan(text);
    expect(m).toMatchObject({ term: 'kill myself', category: 'suicide', severity: 5 });
    expect(text.slice(m!.start, m!.end)).toBe('K1LLLL   mysélf');
  });

  it('indexes astral characters by UTF-16 code units', () => {
    const text = '😀 𝐩𝐨𝐫𝐧 😀';
    const [m] = matcher.scan(text);
    expect(m!.term).toBe('porn');
    expect(text.slice(m!.start, m!.end)).toBe('𝐩𝐨𝐫𝐧');
  });

  it('reports the longest phrase, not the words inside it', () => {
    expect(terms('i will kill myself')).toEqual(['kill myself']);
    expect(terms('kill')).toEqual(['kill']);
  });

  it('reports several matches in order', () => {
    expect(terms('porn then cocaine then a zombie knife')).toEqual(['porn', 'cocaine', 'zombie knife']);
  });

  it('does not match inside words (Scunthorpe problem)', () => {
    expect(terms('Scunthorpe Sussex therapist cocktail skillet grape assassination classic')).toEqual([]);
  });

  it('repeated letters: stretched counts, a single letter does not stand for a double', () => {
    const m = compileMatcher([
      { term: 'ass', category: 'bullying', severity: 2 },
      { term: 'god', category: 'bullying', severity: 1 },
    ]);
    expect(m.scan('as').length).toBe(0);
    expect(m.scan('ass').length).toBe(1);
    expect(m.scan('assssss').length).toBe(1);
    expect(m.scan('good').length).toBe(0);
    expect(m.scan('goooood').length).toBe(1);
  });

  it('a * at either end of a term lifts that word boundary', () => {
    const m = compileMatcher([
      { term: 'انتحار*', category: 'suicide', severity: 4, lang: 'ar' },
      { term: '*انتحار', category: 'suicide', severity: 4, lang: 'ar' },
    ]);
    expect(m.scan('الانتحار').map((x) => x.term)).toEqual(['انتحار']);
  });
});

describe('allow-phrases', () => {
  it('silence only the category they are for', () => {
    expect(terms('we played to kill time')).toEqual([]);
    expect(terms('I am going to shoot a video')).toEqual([]);
    expect(terms('I am dying to see you')).toEqual([]);
    expect(terms('I will kill you, kill time is over')).toEqual(['i will kill you']);
  });

  it('a school allow-phrase from policy silences a match; a scoped one only its categories', () => {
    const policy = KeywordPolicy.parse({
      allowPhrases: ['porn free zone'],
      scopedAllowPhrases: [{ phrase: 'knife crime awareness', categories: ['weapons'] }],
    });
    const m = compileKeywords(policy);
    expect(m.scan('this is a porn free zone')).toEqual([]);
    expect(m.scan('knife crime awareness week')).toEqual([]);
    expect(compileKeywords(defaultKeywordPolicy()).scan('knife crime awareness week').map((x) => x.term)).toEqual(['knife']);
  });
});

describe('school terms and other languages', () => {
  it('adds school terms and switches categories off', () => {
    const policy = KeywordPolicy.parse({
      extraTerms: [{ term: 'Mr Smith is a', category: 'bullying', severity: 3 }],
      disabledCategories: ['gambling'],
    });
    const m = compileKeywords(policy);
    expect(m.scan('mr smith is a joke').map((x) => x.term)).toEqual(['Mr Smith is a']);
    expect(m.scan('online casino')).toEqual([]);
    expect(matcher.scan('online casino').map((x) => x.category)).toEqual(['gambling']);
  });

  it('Polish, with or without its diacritics', () => {
    expect(matcher.scan('chcę umrzeć').map((x) => [x.category, x.severity])).toEqual([['suicide', 5]]);
    expect(matcher.scan('to samobojstwo').map((x) => x.term)).toEqual(['samobójstwo']);
    expect(matcher.scan('SAMOBÓJSTWO').map((x) => x.term)).toEqual(['samobójstwo']);
  });

  it('Urdu and Arabic script, including letter variants and harakat', () => {
    const urdu = 'وہ خودکشی کے بارے میں سوچ رہا ہے';
    const [u] = matcher.scan(urdu);
    expect(u).toMatchObject({ term: 'خودکشی', category: 'suicide' });
    expect(urdu.slice(u!.start, u!.end)).toBe('خودکشی');
    // Arabic kaf and yeh instead of the Urdu letters, and a vowel mark.
    expect(matcher.scan('خودكُشي').map((x) => x.term)).toEqual(['خودکشی']);
    expect(matcher.scan('الانتحار').map((x) => x.term)).toEqual(['انتحار']);
  });

  it('Punjabi (Gurmukhi) and Romanian', () => {
    expect(matcher.scan('ਉਹ ਖੁਦਕੁਸ਼ੀ ਬਾਰੇ').map((x) => x.category)).toEqual(['suicide']);
    expect(matcher.scan('vreau sa mor').map((x) => x.severity)).toEqual([5]);
  });
});

describe('help-seeking', () => {
  it('turns a misconduct match in the same sentence into wellbeing', () => {
    const [m] = matcher.scan('how to help a friend who self harms');
    expect(m).toMatchObject({ category: 'wellbeing', helpSeeking: true, topic: 'self-harm', term: 'self harms' });
  });

  it('does not reach across sentences', () => {
    const found = matcher.scan('How to help with homework. I will kill you');
    expect(found.map((m) => m.category)).toEqual(['violence']);
  });

  it('keeps the severity when the child may be at risk, lowers it for misconduct topics', () => {
    expect(matcher.scan('i need help i want to kill myself')[0]).toMatchObject({ category: 'wellbeing', severity: 5, topic: 'suicide' });
    expect(matcher.scan('how to stop vaping')[0]).toMatchObject({ category: 'wellbeing', severity: 2, topic: 'drugs' });
  });

  it('help wording alone reports nothing', () => {
    expect(matcher.scan('how can i help tidy the classroom')).toEqual([]);
  });
});

describe('serialisation', () => {
  it('round-trips: the loaded matcher finds exactly the same', () => {
    const loaded = deserialiseMatcher(matcher.serialise());
    const text = 'k1ll myself. how to help a friend who self harms. kill time. Scunthorpe. خودکشی. send nudes';
    expect(loaded.scan(text)).toEqual(matcher.scan(text));
    expect(loaded.stats).toEqual(matcher.stats);
  });

  it('rejects something that is not a serialised matcher, or a damaged one, with a clear error', () => {
    expect(() => deserialiseMatcher('{"format":"other"}')).toThrow(/not a serialised matcher/);
    const d = JSON.parse(matcher.serialise());
    d.patterns.pop();
    expect(() => deserialiseMatcher(JSON.stringify(d))).toThrow(/pattern table/);
    const e = JSON.parse(matcher.serialise());
    e.parent = btoa('\u00ff\u00ff\u00ff\u007f'.repeat(4));
    expect(() => deserialiseMatcher(JSON.stringify(e))).toThrow(/corrupt|pattern/);
  });
});

describe('lists', () => {
  it('every category has a shipped list, with severities 1–5', () => {
    for (const c of CATEGORIES) expect(DEFAULT_TERMS.some((t) => t.category === c), c).toBe(true);
    for (const t of DEFAULT_TERMS) expect(t.severity >= 1 && t.severity <= 5, t.term).toBe(true);
    expect(DEFAULT_ALLOW.length).toBeGreaterThan(10);
  });

  it('rejects a term with a severity outside 1–5', () => {
    expect(() => compileMatcher([{ term: 'x', category: 'bullying', severity: 9 }])).toThrow(/severity must be 1–5/);
  });

  it('ignores a term with nothing matchable instead of matching everything', () => {
    const m = compileMatcher([{ term: '!!!', category: 'bullying', severity: 2 }]);
    expect(m.scan('hello!!! there')).toEqual([]);
  });

  it('scans a 10,000-term list and a long text', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ term: `w${i.toString(36)}x${(i * 7919).toString(36)}`, category: 'bullying' as const, severity: 2 }));
    const m = compileMatcher(many);
    const text = `${'lorem ipsum '.repeat(20_000)} ${many[4321]!.term} end`;
    expect(m.scan(text).map((x) => x.term)).toEqual([many[4321]!.term]);
  });
});

describe('shipped precompiled', () => {
  it('the generated matcher is up to date with the shipped lists (run `npm run -s cli -- keywords compile`)', async () => {
    const { generatedMatcherSource, GENERATED_MATCHER_FILE } = await import('../../server/cli/keywords');
    const fs = await import('node:fs');
    expect(fs.readFileSync(GENERATED_MATCHER_FILE, 'utf8')).toBe(generatedMatcherSource());
  });

  it('a school on the shipped lists gets the loaded matcher, which finds what a freshly built one finds', async () => {
    const { compileDefaultMatcher } = await import('../../shared/keywords/engine');
    const fresh = compileDefaultMatcher();
    const text = 'k1ll myself; kill time; how to help a friend who self harms; s u i c i d e; samobojstwo; Sussex';
    expect(matcher.scan(text)).toEqual(fresh.scan(text));
    expect(matcher.stats).toEqual(fresh.stats);
  });
});

describe('long pages with many hits (allow phrases and help cues are looked up by position)', () => {
  const filler = 'We had to kill time before the bus came. '.repeat(3000);
  it('an allow phrase far away silences nothing; one covering the match still does', () => {
    const found = matcher.scan(`${filler}I will kill you tomorrow. ${filler}`);
    expect(found.map((m) => m.category)).toEqual(['violence']);
    expect(found[0]!.start).toBe(filler.length);
    expect(matcher.scan(filler)).toEqual([]);
  });
  it('a help cue counts only inside its own sentence, wherever it sits on the page', () => {
    const near = matcher.scan(`${filler}how to help a friend who self harms. ${filler}`);
    expect(near).toHaveLength(1);
    expect(near[0]).toMatchObject({ category: 'wellbeing', helpSeeking: true });
    const apart = matcher.scan(`how to help a friend. ${filler}I will kill you`);
    expect(apart.map((m) => m.category)).toEqual(['violence']);
  });
});

describe('matcher: a trailing "!" read as "i" in leetspeak', () => {
  const m = compileKeywords(defaultKeywordPolicy());
  const found = (text: string) => m.scan(text).map((x) => [x.term, text.slice(x.start, x.end)]);
  it('completes a listed word ending in "i" when the word is already leetspeak', () => {
    expect(found('n@z!')).toEqual([['nazi', 'n@z!']]);
    expect(found('omg n4z!! lol')).toEqual([['nazi', 'n4z!']]);
  });
  it('leaves "!" as punctuation otherwise', () => {
    expect(found('Naz! are you coming?')).toEqual([]);
    expect(found('k1ll!')).toEqual([['kill', 'k1ll']]);
    expect(found('jih@d!')).toEqual([['jihad', 'jih@d']]); // the plain reading wins
  });
  it('survives serialisation', () => {
    const loaded = deserialiseMatcher(compileMatcher(DEFAULT_TERMS, DEFAULT_ALLOW).serialise());
    expect(loaded.scan('n@z!').map((x) => x.term)).toEqual(['nazi']);
  });
});
