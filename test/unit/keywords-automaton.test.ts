import { describe, expect, it } from 'vitest';
import { automatonFromShape, buildAutomaton } from '../../shared/keywords/automaton';
import { syntheticTerms } from '../bench/keywords-corpus';

const units = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Patterns found in `text` by walking the table, as [end index, pattern id] pairs. */
function walk(a: ReturnType<typeof buildAutomaton>, text: string): [number, number][] {
  const found: [number, number][] = [];
  let row = 0;
  for (let i = 0; i < text.length; i++) {
    let v = a.delta[row + a.classOf[text.charCodeAt(i)]!]!;
    if (v < 0) {
      v = ~v;
      for (let o = a.outLink[(v / a.k) | 0]!; o !== 0; o = a.nextOut[o]!) for (let p = a.firstPat[o]!; p !== -1; p = a.patNext[p]!) found.push([i, p]);
    }
    row = v;
  }
  return found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** The same answer the slow way. */
function naive(patterns: string[], text: string): [number, number][] {
  const found: [number, number][] = [];
  for (let i = 0; i < text.length; i++) patterns.forEach((p, id) => text.startsWith(p, i) && found.push([i + p.length - 1, id]));
  return found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

describe('keyword automaton', () => {
  const patterns = ['he', 'she', 'his', 'hers', 'ushers', 's', 'zzz', 'hershey'];
  const text = 'ushers said his hershey zzzz she sells';

  it('finds every pattern occurrence, overlapping ones included, before and after serialisation', () => {
    const a = buildAutomaton(patterns.map(units));
    expect(walk(a, text)).toEqual(naive(patterns, text));
    const loaded = automatonFromShape({ alphabet: a.alphabet, parent: a.parent, edgeClass: a.edgeClass, patEnd: a.patEnd });
    expect(walk(loaded, text)).toEqual(naive(patterns, text));
  });

  it('numbers states breadth first, so the shallow states a scan lives in share the head of the table', () => {
    const terms = syntheticTerms(2000, 7).map((t) => t.term.toLowerCase());
    const a = buildAutomaton(terms.map(units));
    const depth = new Int32Array(a.states);
    for (let s = 1; s < a.states; s++) {
      expect(a.parent[s]).toBeLessThan(s);
      depth[s] = depth[a.parent[s]!]! + 1;
      expect(depth[s]).toBeGreaterThanOrEqual(depth[s - 1]!);
    }
    // Every pattern still ends in a state as deep as the pattern is long.
    terms.forEach((t, p) => expect(depth[a.patEnd[p]!]).toBe(t.length));
    expect(walk(a, terms.slice(0, 50).join(' '))).toEqual(naive(terms, terms.slice(0, 50).join(' ')));
  });
});
