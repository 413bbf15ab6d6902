import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKeywords } from '../../shared/keywords/engine';
import { defaultKeywordPolicy } from '../../shared/policy/keywords-section';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'keywords');
const lines = (file: string) =>
  fs
    .readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));

const matcher = compileKeywords(defaultKeywordPolicy());

describe('evasion corpus: every disguised term is still caught, at the right place', () => {
  const rows = lines('evasions.tsv').map((l) => l.split('\t') as [string, string, string]);
  it('has hundreds of cases', () => expect(rows.length).toBeGreaterThan(300));
  it.each(rows)('%s (%s): %s', (term, _how, text) => {
    const found = matcher.scan(text).filter((m) => m.term === term);
    expect(found, JSON.stringify(matcher.scan(text))).toHaveLength(1);
    const m = found[0]!;
    // The span covers the disguised term in the original text: it starts and ends on a
    // non-space character and holds nothing the frame around the term added.
    const span = text.slice(m.start, m.end);
    expect(span.trim()).toBe(span);
    expect(span.length).toBeGreaterThanOrEqual(term.replace(/ /g, '').length / 2);
    for (const frameWord of ['think', 'tbh', 'omg', 'why', 'search', 'said', 'left']) expect(span).not.toContain(frameWord);
  });
});

describe('trap corpus: ordinary words containing listed words never alert', () => {
  const rows = lines('traps.txt');
  it('has over a hundred cases', () => expect(rows.length).toBeGreaterThan(100));
  it.each(rows)('%s', (text) => {
    expect(matcher.scan(text).filter((m) => m.category !== 'wellbeing')).toEqual([]);
  });
});

describe('help-seeking corpus: reported as wellbeing, not misconduct', () => {
  const rows = lines('help-seeking.tsv').map((l) => l.split('\t') as [string, string]);
  it.each(rows)('%s: %s', (topic, text) => {
    const found = matcher.scan(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.category === 'wellbeing'), JSON.stringify(found)).toBe(true);
    if (topic !== '-') expect(found.some((m) => m.helpSeeking && m.topic === topic), JSON.stringify(found)).toBe(true);
  });
});
