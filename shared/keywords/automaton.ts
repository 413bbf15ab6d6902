/**
 * Aho–Corasick automaton over typed arrays. Characters are first mapped to a small alphabet
 * (the code units that occur in any pattern; class 0 is "anything else"), then a complete
 * transition table (`delta`, states × alphabet, Int32Array) gives one array read per
 * character: scanning is linear in the text whatever the number of patterns. Rows are stored
 * premultiplied and flagged (see `delta`).
 *
 * Serialised form: the alphabet, and the trie as (parent, class) per state plus the state
 * each pattern ends in. Loading rebuilds failure links and the table in one breadth-first
 * pass, without touching the patterns' text again.
 */
export interface Automaton {
  /** Code unit → alphabet class (0 = not in any pattern). */
  classOf: Uint16Array;
  alphabet: Uint16Array;
  /** Alphabet size (classes), including class 0. */
  k: number;
  states: number;
  /**
   * delta[state * k + class] = the next state's row (next state × k), so a scan step is one
   * add and one read; bitwise-not of that (negative) when the next state has output, so the
   * common no-match step is one sign test.
   */
  delta: Int32Array;
  /** Nearest state on the failure chain (itself included) where a pattern ends; 0 = none. */
  outLink: Int32Array;
  /** For a state with output: the next state with output further down the failure chain. */
  nextOut: Int32Array;
  /** Patterns ending at a state: first pattern id (-1 none), then patNext chain. */
  firstPat: Int32Array;
  patNext: Int32Array;
  /** Trie shape (for serialisation). */
  parent: Int32Array;
  edgeClass: Uint16Array;
  patEnd: Int32Array;
}

export interface AutomatonShape {
  alphabet: Uint16Array;
  parent: Int32Array;
  edgeClass: Uint16Array;
  patEnd: Int32Array;
}

/** Build the trie from patterns given as arrays of code units. */
export function buildAutomaton(patterns: readonly (readonly number[])[]): Automaton {
  // The word break always has a class of its own (the fused scan tells words from breaks by it).
  const codes = new Set<number>([32]);
  let total = 1;
  for (const p of patterns) {
    total += p.length;
    for (const c of p) codes.add(c);
  }
  const alphabet = Uint16Array.from([...codes].sort((a, b) => a - b));
  const classOf = new Uint16Array(0x10000);
  alphabet.forEach((c, i) => (classOf[c] = i + 1));
  const k = alphabet.length + 1;

  // Trie as first-child / next-sibling lists (sized by the total pattern length), so the
  // dense table is allocated once, at its exact size.
  const firstChild = new Int32Array(total).fill(-1);
  const nextSibling = new Int32Array(total).fill(-1);
  const edgeClass = new Uint16Array(total);
  let states = 1;
  const patEnd = new Int32Array(patterns.length);
  for (let p = 0; p < patterns.length; p++) {
    let s = 0;
    for (const c of patterns[p]!) {
      const cls = classOf[c]!;
      let t = firstChild[s]!;
      while (t !== -1 && edgeClass[t] !== cls) t = nextSibling[t]!;
      if (t === -1) {
        t = states++;
        edgeClass[t] = cls;
        nextSibling[t] = firstChild[s]!;
        firstChild[s] = t;
      }
      s = t;
    }
    patEnd[p] = s;
  }
  return complete(breadthFirst(firstChild, nextSibling, edgeClass, patEnd, states, alphabet), new Int32Array(states * k), classOf);
}

/**
 * Number the trie's states breadth first (insertion order scatters them): a scan spends nearly
 * all its steps in shallow states, and this puts their rows together at the head of the table,
 * where they stay in cache instead of being spread over all of it.
 */
function breadthFirst(firstChild: Int32Array, nextSibling: Int32Array, edgeClass: Uint16Array, patEnd: Int32Array, states: number, alphabet: Uint16Array): AutomatonShape {
  const order = new Int32Array(states); // new id → old id
  const newId = new Int32Array(states);
  const parent = new Int32Array(states);
  const cls = new Uint16Array(states);
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const old = order[head]!;
    for (let t = firstChild[old]!; t !== -1; t = nextSibling[t]!) {
      newId[t] = tail;
      order[tail] = t;
      parent[tail] = head;
      cls[tail] = edgeClass[t]!;
      tail++;
    }
  }
  return { alphabet, parent, edgeClass: cls, patEnd: patEnd.map((s) => newId[s]!) };
}

/** Rebuild an automaton from its serialised trie shape. */
export function automatonFromShape(shape: AutomatonShape): Automaton {
  const { alphabet, parent, edgeClass } = shape;
  const k = alphabet.length + 1;
  const classOf = new Uint16Array(0x10000);
  alphabet.forEach((c, i) => (classOf[c] = i + 1));
  const states = parent.length;
  for (let t = 1; t < states; t++) {
    const p = parent[t]!;
    if (p < 0 || p >= t || edgeClass[t]! >= k || edgeClass[t] === 0) throw new Error('keyword matcher: corrupt automaton');
  }
  for (const e of shape.patEnd) if (e <= 0 || e >= states) throw new Error('keyword matcher: corrupt automaton');
  return complete(shape, new Int32Array(states * k), classOf);
}

/**
 * Failure links by breadth-first search, filling every missing transition: a state's row is
 * its failure state's row (already complete: it is shallower) copied natively, with its own
 * trie edges written over it. Values are written premultiplied and flagged as they are made.
 */
function complete(shape: AutomatonShape, delta: Int32Array, classOf: Uint16Array): Automaton {
  const k = shape.alphabet.length + 1;
  const states = shape.parent.length;
  const { parent, edgeClass } = shape;
  const fail = new Int32Array(states);
  const firstPat = new Int32Array(states).fill(-1);
  const patNext = new Int32Array(shape.patEnd.length).fill(-1);
  // Keep pattern order within a state (lower id first).
  for (let p = shape.patEnd.length - 1; p >= 0; p--) {
    const s = shape.patEnd[p]!;
    patNext[p] = firstPat[s]!;
    firstPat[s] = p;
  }
  // Children lists (the trie edges), from the parent array.
  const firstChild = new Int32Array(states).fill(-1);
  const nextSibling = new Int32Array(states);
  for (let t = states - 1; t >= 1; t--) {
    nextSibling[t] = firstChild[parent[t]!]!;
    firstChild[parent[t]!] = t;
  }
  const outLink = new Int32Array(states);
  const nextOut = new Int32Array(states);
  const enc = (t: number) => (outLink[t] !== 0 ? ~(t * k) : t * k);
  const dec = (v: number) => ((v < 0 ? ~v : v) / k) | 0;
  const queue = new Int32Array(states);
  let head = 0;
  let tail = 0;
  // Root: every class stays at the root except its children.
  delta.fill(0, 0, k);
  for (let t = firstChild[0]!; t !== -1; t = nextSibling[t]!) {
    fail[t] = 0;
    outLink[t] = firstPat[t] !== -1 ? t : 0;
    nextOut[t] = 0;
    delta[edgeClass[t]!] = enc(t);
    queue[tail++] = t;
  }
  while (head < tail) {
    const s = queue[head++]!;
    const row = s * k;
    const frow = fail[s]! * k;
    delta.copyWithin(row, frow, frow + k);
    for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) {
      const f = dec(delta[frow + edgeClass[t]!]!);
      fail[t] = f;
      outLink[t] = firstPat[t] !== -1 ? t : outLink[f]!;
      nextOut[t] = outLink[f]!;
      delta[row + edgeClass[t]!] = enc(t);
      queue[tail++] = t;
    }
  }
  return { classOf, alphabet: shape.alphabet, k, states, delta, outLink, nextOut, firstPat, patNext, parent: shape.parent, edgeClass: shape.edgeClass, patEnd: shape.patEnd };
}

/** Bytes held by the automaton's tables (for the benchmark's memory figure). */
export function automatonBytes(a: Automaton): number {
  return a.classOf.byteLength + a.delta.byteLength + a.outLink.byteLength + a.nextOut.byteLength + a.firstPat.byteLength + a.patNext.byteLength + a.parent.byteLength + a.edgeClass.byteLength + a.patEnd.byteLength;
}
