/**
 * `npm run bench -- keywords [--mb N] [--budget S]`: our keyword matcher beside npm
 * Aho–Corasick packages (ahocorasick, modern-ahocorasick, @monyone/aho-corasick and its
 * double-array "fast" build) and one alternation RegExp, on 5,000- and 20,000-term lists over
 * N MB (default 20) of realistic text (keywords-corpus.ts).
 *
 * Fairness: everyone gets the same text in the same 20,000-character chunks (what the content
 * script sends at a time), the same terms, the same normalisation (ours, shared/keywords/
 * normalise.ts; peers get its output as a string, ours reads the typed arrays), a warm-up, and
 * every matcher's results materialised as its API returns them (ours: reported matches after
 * word boundaries, allow-phrases and help-seeking; peers: every raw substring hit).
 *   scan only   = matching already-normalised text (ours: the exact path's scan);
 *   end to end  = original text in, matches out. Peers: normalise + to string + scan. Ours: the
 *                 fused scan (shared/keywords/fused-scan.ts), which walks the automaton over the
 *                 original text and normalises only windows around real hits and unusual
 *                 characters; its results equal normalise-then-scan (test/unit/keywords-fused).
 *                 This is what the product does, and what the ≥ 8× target is judged on.
 *   exact path  = ours the plain way, normalise the whole text then scan (printed for reference).
 * Each peer is time-boxed (--budget seconds per measurement, default 5; best of two): it scans
 * chunks in order until the budget is spent, and its MB/s is over the MB it completed (printed).
 * Ours is timed over the whole corpus, best of two.
 * MB = 1,000,000 UTF-16 code units of original text.
 *
 * Why peers were once "too slow to finish": modern-ahocorasick segments text with
 * Intl.Segmenter (graphemes) from the first non-ASCII character on, and in Node 20 that
 * iteration is superlinear in the string's length (64K chars ~1 s, 128K several seconds, 256K
 * over a minute). Fed one 1 MB string it never finished; fed 20,000-character chunks it runs.
 *
 * Also: build time (compile from terms; load precompiled, warm and in a fresh process), table bytes, and the long-task
 * check: the worst single 20,000-character chunk of a 1 MB page (target < 50 ms).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import ModernAhoCorasick from 'modern-ahocorasick';
import { DEFAULT_TERMS } from '../../shared/keywords/default-lists';
import { compileMatcher, deserialiseMatcher, type Matcher } from '../../shared/keywords/matcher';
import { FastClass, fastEntry, normaliseTerm, normaliseText, normalisedString, type NormalisedText } from '../../shared/keywords/normalise';
import { corpus, evasionPage, syntheticTerms } from './keywords-corpus';

const require = createRequire(import.meta.url);
const AhoCorasickPkg = require('ahocorasick') as new (words: string[]) => { search(text: string): [number, string[]][] };
type MonyoneAC = new (words: string[]) => { matchInText(text: string): { begin: number; end: number; keyword: string }[] };
const Monyone = (require('@monyone/aho-corasick') as { AhoCorasick: MonyoneAC }).AhoCorasick;
const MonyoneFast = (require('@monyone/aho-corasick/fast') as { AhoCorasick: MonyoneAC }).AhoCorasick;

const CHUNK = 20_000;
const now = () => Number(process.hrtime.bigint()) / 1e6;
/**
 * A full garbage collection before every timed run, for every matcher: building and loading
 * the 20k matchers leaves hundreds of MB of dead tables, and collecting them inside whichever
 * run came next cost ours up to half its speed (20k: 29 MB/s timed straight after the builds,
 * 54 MB/s later in the same process).
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function best<T>(runs: number, fn: () => T): { ms: number; result: T } {
  let ms = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = now();
    result = fn();
    ms = Math.min(ms, now() - t0);
  }
  return { ms, result };
}
/** Ours and a peer end to end, timed alternately on the chunks the peer finished in its budget, three rounds. */
function pairedRatios(ours: Matcher, peer: PeerRun, chunks: readonly string[]) {
  const use = chunks.slice(0, Math.max(1, peer.chunks));
  const ratios: number[] = [];
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  for (let r = 0; r < 3; r++) {
    let a = 0;
    gc();
    const t0 = now();
    for (const c of use) a += ours.scan(c).length;
    const o = now() - t0;
    gc();
    const t1 = now();
    for (const c of use) a += peerEndToEnd(peer.p, peer.m, c);
    const p = now() - t1;
    if (a < 0) throw new Error('unreachable'); // (keeps the results used)
    ratios.push(p / o);
    oursMs.push(o);
    peerMs.push(p);
  }
  const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!;
  const chars = use.reduce((n, c) => n + c.length, 0);
  return { median: round(mid(ratios), 1), min: round(Math.min(...ratios), 1), max: round(Math.max(...ratios), 1), mb: round(chars / 1e6, 1), oursMBps: mbps(chars, mid(oursMs)), peerMBps: mbps(chars, mid(peerMs)) };
}

/** Best of three runs of keywords-load-cold.ts, each in a fresh Node process. */
function freshProcessMs(args: string[]): number {
  let ms = Infinity;
  for (let i = 0; i < 3; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'keywords-load-cold.ts'), ...args], { encoding: 'utf8' });
    ms = Math.min(ms, (JSON.parse(out) as { ms: number }).ms);
  }
  return ms;
}
/** A serialised matcher loaded in a fresh process, as a device does at start-up. */
function coldLoadMs(serial: string): number {
  const file = path.join(os.tmpdir(), `esafety-bench-matcher-${process.pid}.json`);
  fs.writeFileSync(file, serial);
  try {
    return freshProcessMs([file]);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
const mbps = (chars: number, ms: number) => +(chars / 1e6 / (ms / 1000)).toFixed(1);
const round = (x: number, d = 2) => +x.toFixed(d);

/** Run `step(i)` over chunks 0.. until all are done or `budgetMs` is spent. */
function timeBoxed(count: number, budgetMs: number, size: (i: number) => number, step: (i: number) => number) {
  let chars = 0;
  let results = 0;
  let done = 0;
  gc();
  const t0 = now();
  while (done < count) {
    results += step(done);
    chars += size(done);
    done++;
    if (now() - t0 > budgetMs) break;
  }
  return { ms: now() - t0, chars, results, done };
}

interface Peer {
  name: string;
  key: string;
  build(terms: string[]): unknown;
  scan(m: unknown, s: string): number;
}
/** A built peer, and how many chunks it finished end to end within its budget. */
interface PeerRun {
  p: Peer;
  m: unknown;
  chunks: number;
}
/**
 * The least any matcher of the original text does per character, with no matching at all:
 * read it, classify it (the normaliser's own table), collapse repeated letters and find word
 * ends. Its speed over the best peer's end-to-end speed bounds the end-to-end ratio any such
 * scanner written in JavaScript could reach on this machine.
 */
function readAndClassify(text: string): number {
  const LETTER = FastClass.Letter;
  let last = 0;
  let units = 0;
  let words = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const v = fastEntry(text.charCodeAt(i));
    if ((v & 7) === LETTER) {
      if (v !== last) {
        last = v;
        units++;
      }
      continue;
    }
    if (last !== 0) {
      words++;
      last = 0;
    }
  }
  return units + words;
}

/** A peer end to end: our normaliser, its output as a string, the peer's scan. */
const peerEndToEnd = (p: Peer, m: unknown, chunk: string) => p.scan(m, normalisedString(normaliseText(chunk)));
const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PEERS: Peer[] = [
  { name: 'ahocorasick', key: 'ahocorasick', build: (t) => new AhoCorasickPkg(t), scan: (m, s) => (m as InstanceType<typeof AhoCorasickPkg>).search(s).length },
  { name: 'modern-ahocorasick', key: 'modernAC', build: (t) => new ModernAhoCorasick(t), scan: (m, s) => (m as ModernAhoCorasick).search(s).length },
  { name: '@monyone/aho-corasick', key: 'monyone', build: (t) => new Monyone(t), scan: (m, s) => (m as InstanceType<MonyoneAC>).matchInText(s).length },
  { name: '@monyone/aho-corasick/fast', key: 'monyoneFast', build: (t) => new MonyoneFast(t), scan: (m, s) => (m as InstanceType<MonyoneAC>).matchInText(s).length },
  {
    name: 'RegExp alternation',
    key: 'regexp',
    build: (t) => new RegExp([...t].sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'g'),
    scan: (m, s) => {
      const re = m as RegExp;
      const out: { start: number; end: number }[] = [];
      re.lastIndex = 0;
      for (let x = re.exec(s); x; x = re.exec(s)) out.push({ start: x.index, end: x.index + x[0].length });
      return out.length;
    },
  },
];

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
  const targetMb = opt('--mb', 20);
  const budgetMs = opt('--budget', 5) * 1000;
  const text = corpus(targetMb * 1e6, 6);
  const chars = text.length;
  const chunks: string[] = [];
  for (let i = 0; i < chars; i += CHUNK) chunks.push(text.slice(i, i + CHUNK));
  const load0 = os.loadavg()[0]!;
  console.log(`Corpus: ${(chars / 1e6).toFixed(1)} MB of realistic text in ${chunks.length} chunks of ${CHUNK} chars; load average ${load0.toFixed(2)} on ${os.cpus().length} CPUs`);

  // Normalisation, shared by everyone.
  best(1, () => chunks.slice(0, 50).map(normaliseText)); // warm-up
  const tNorm = best(2, () => chunks.map(normaliseText));
  const nts: NormalisedText[] = tNorm.result;
  const tStr = best(2, () => nts.map(normalisedString));
  const strs = tStr.result;
  best(1, () => chunks.slice(0, 50).map(readAndClassify)); // warm-up
  const tFloor = best(3, () => chunks.map(readAndClassify));
  console.log(`Normalise (ours, shared by all): ${mbps(chars, tNorm.ms)} MB/s; to a string for the peers: ${mbps(chars, tStr.ms)} MB/s`);
  console.log(`Floor, no matching at all (read and classify each character, collapse repeats, find word ends): ${mbps(chars, tFloor.ms)} MB/s\n`);
  const figures: Record<string, unknown> = {
    loadAverage: round(load0),
    corpusMB: round(chars / 1e6, 1),
    chunkChars: CHUNK,
    normaliseMBps: mbps(chars, tNorm.ms),
    normalisedToStringMBps: mbps(chars, tStr.ms),
    floor_readAndClassifyMBps: mbps(chars, tFloor.ms),
  };

  const rows: string[][] = [];
  const summary: string[] = [];
  for (const size of [5_000, 20_000]) {
    const terms = syntheticTerms(size, size);
    const normTerms = [...new Set(terms.map((t) => String.fromCharCode(...normaliseTerm(t.term).units)).filter(Boolean))];
    const k = `${size / 1000}k`;

    // Ours.
    // Cold (the first build in the process, as in the extension) and warm (best of 3 after it).
    const cold = best(1, () => compileMatcher(terms));
    const build = best(3, () => compileMatcher(terms));
    const ours: Matcher = build.result;
    const serial = ours.serialise();
    const load = best(3, () => deserialiseMatcher(serial));
    const loadCold = coldLoadMs(serial);
    // The machine's floor for that: a fresh process only filling as many bytes as our tables.
    const touchCold = freshProcessMs(['--touch', String(ours.stats.bytes)]);
    // Warm-up: one whole pass. The fused scan's rarer paths (windows, false-alarm checks, the
    // normaliser behind them) reach the engine's optimising tier only after a few hundred calls:
    // timed after 50 chunks it ran at 70 % of its settled speed for two more passes over 5 MB
    // (measured: 187, 104, 70, 66, 81 ms), which understated it against peers whose single loop
    // warms in a few chunks.
    for (const c of chunks) ours.scan(c);
    const scanOnly = best(2, () => nts.reduce((a, nt, i) => a + ours.scanNormalised(nt, chunks[i]!).length, 0));
    let windowChars = 0;
    const e2e = best(3, () => {
      windowChars = 0;
      return chunks.reduce((a, c) => {
        const found = ours.scan(c).length;
        windowChars += ours.lastScan.windowChars;
        return a + found;
      }, 0);
    });
    const exactPath = best(2, () => chunks.reduce((a, c) => a + ours.scanExact(c).length, 0));
    if (exactPath.result !== e2e.result) throw new Error(`fused scan found ${e2e.result} matches, the exact path ${exactPath.result}`);
    const bare = best(2, () => nts.reduce((a, nt) => a + ours.countHits(nt), 0)); // the automaton walk alone, no match handling
    const oursScan = mbps(chars, scanOnly.ms);
    const oursE2e = mbps(chars, e2e.ms);
    Object.assign(figures, {
      [`ours_${k}_terms`]: ours.stats.patterns,
      [`ours_${k}_buildMs`]: round(build.ms),
      [`ours_${k}_buildColdMs`]: round(cold.ms),
      [`ours_${k}_loadPrecompiledMs`]: round(load.ms),
      [`ours_${k}_loadPrecompiledColdMs`]: round(loadCold),
      [`machine_${k}_fillTableBytesColdMs`]: round(touchCold),
      [`ours_${k}_scanOnlyMBps`]: oursScan,
      [`ours_${k}_endToEndMBps`]: oursE2e,
      [`ours_${k}_exactPathEndToEndMBps`]: mbps(chars, exactPath.ms),
      [`ours_${k}_windowShare`]: round(windowChars / chars, 3),
      [`ours_${k}_bareAutomatonMBps`]: mbps(chars, bare.ms),
      [`ours_${k}_matches`]: e2e.result,
      [`ours_${k}_tableBytes`]: ours.stats.bytes,
      [`ours_${k}_serialisedBytes`]: serial.length,
      [`ours_${k}_states`]: ours.stats.states,
    });
    rows.push(['ours, automaton walk only', k, '-', '-', (chars / 1e6).toFixed(1), String(mbps(chars, bare.ms)), '-', `${bare.result} raw hits`]);
    rows.push(['ours, exact path (normalise all, then scan)', k, '-', '-', (chars / 1e6).toFixed(1), String(oursScan), String(mbps(chars, exactPath.ms)), `${exactPath.result} reported`]);
    rows.push(['ours (fused scan)', k, build.ms.toFixed(1), load.ms.toFixed(1), (chars / 1e6).toFixed(1), '-', String(oursE2e), `${e2e.result} reported; ${(100 * windowChars / chars).toFixed(1)}% of text normalised`]);

    // Peers: same chunks, same normalised input, time-boxed.
    let bestScan = { name: '', v: 0 };
    let bestE2e: { name: string; v: number; peer?: PeerRun } = { name: '', v: 0 };
    for (const p of PEERS) {
      const b = best(1, () => p.build(normTerms));
      const m = b.result;
      timeBoxed(Math.min(20, strs.length), 2000, () => 0, (i) => p.scan(m, strs[i]!)); // warm-up
      // Best of two time-boxed runs each (the machine is shared; the faster run is the less disturbed).
      const twice = (f: () => ReturnType<typeof timeBoxed>) => [f(), f()].sort((x, y) => y.chars / y.ms - x.chars / x.ms)[0]!;
      const s = twice(() => timeBoxed(strs.length, budgetMs, (i) => chunks[i]!.length, (i) => p.scan(m, strs[i]!)));
      const e = twice(() => timeBoxed(chunks.length, budgetMs, (i) => chunks[i]!.length, (i) => peerEndToEnd(p, m, chunks[i]!)));
      const sMBps = mbps(s.chars, s.ms);
      const eMBps = mbps(e.chars, e.ms);
      if (p.key !== 'regexp') {
        if (sMBps > bestScan.v) bestScan = { name: p.name, v: sMBps };
        if (eMBps > bestE2e.v) bestE2e = { name: p.name, v: eMBps, peer: { p, m, chunks: e.done } };
      }
      Object.assign(figures, {
        [`${p.key}_${k}_buildMs`]: round(b.ms),
        [`${p.key}_${k}_scanOnlyMBps`]: sMBps,
        [`${p.key}_${k}_scanOnlyMB`]: round(s.chars / 1e6, 1),
        [`${p.key}_${k}_endToEndMBps`]: eMBps,
        [`${p.key}_${k}_endToEndMB`]: round(e.chars / 1e6, 1),
        [`${p.key}_${k}_rawHits`]: s.results,
      });
      const mb = s.done === e.done ? (s.chars / 1e6).toFixed(1) : `${(s.chars / 1e6).toFixed(1)}/${(e.chars / 1e6).toFixed(1)}`;
      rows.push([p.name, k, b.ms.toFixed(1), '-', mb, String(sMBps), String(eMBps), `${s.results} raw hits`]);
    }
    const rScan = round(oursScan / bestScan.v, 1);
    const rE2e = round(oursE2e / bestE2e.v, 1);
    // Ours end to end against the peer's scan of text someone else already normalised (the peer
    // never pays for normalising): the harshest comparison.
    const rVsPeerScan = round(oursE2e / bestScan.v, 1);
    // Paired: the machine is shared and its speed drifts over a run (ours, bound by memory,
    // drifts more than the peers), so also time ours and the best peer alternately on the same
    // chunks, three rounds, and take the median of the rounds' ratios.
    const paired = pairedRatios(ours, bestE2e.peer!, chunks);
    Object.assign(figures, { [`ours_${k}_pairedEndToEndMBps`]: paired.oursMBps, [`bestPeer_${k}_pairedEndToEndMBps`]: paired.peerMBps, [`speedup_${k}_endToEndPairedMedian`]: paired.median, [`speedup_${k}_endToEndPairedMin`]: paired.min, [`speedup_${k}_endToEndPairedMax`]: paired.max });
    const ceiling = round(Number(figures.floor_readAndClassifyMBps) / bestE2e.v, 1);
    Object.assign(figures, { [`ceiling_${k}_floorOverBestPeerEndToEnd`]: ceiling });
    Object.assign(figures, { [`speedup_${k}_endToEndVsPeerScanOnly`]: rVsPeerScan, [`speedup_${k}_endToEnd`]: rE2e, [`speedup_${k}_scanOnly`]: rScan, [`bestPeer_${k}_endToEnd`]: bestE2e.name, [`bestPeer_${k}_scanOnly`]: bestScan.name });
    summary.push(
      `${k} terms: end to end ${rE2e}× the best package (${bestE2e.name}, ${bestE2e.v} MB/s, normalise + scan) ${rE2e >= 8 ? 'MEETS' : 'MISSES'} the ≥ 8× target;` +
        ` paired rounds on the same ${paired.mb} MB, alternating: median ${paired.median}× (${paired.min}–${paired.max}×; medians ${paired.oursMBps} vs ${paired.peerMBps} MB/s);` +
        ` ${rVsPeerScan}× its scan of already-normalised text; exact paths' scans alone ${rScan}× (${bestScan.name}, ${bestScan.v} MB/s).` +
        ` Ceiling: a JavaScript scanner that only read and classified each character, matching nothing, would be ${ceiling}× the best package.`,
    );
  }

  // Long-task check: a 1 MB page scanned the way the extension does it, 20,000 characters at a
  // time; on realistic text, and on a page made only of evasions (every line a match).
  const shipped = compileMatcher(DEFAULT_TERMS);
  const big = compileMatcher(syntheticTerms(20_000, 20_000));
  const worstChunk = (m: Matcher, page: string) => {
    let worst = 0;
    for (let i = 0; i < page.length; i += CHUNK) {
      const chunk = page.slice(i, i + CHUNK);
      const t0 = now(); // no collection forced here: a pause a page would feel counts
      m.scan(chunk);
      worst = Math.max(worst, now() - t0);
    }
    return round(worst);
  };
  const page = text.slice(0, 1_000_000);
  const densePage = evasionPage(1_000_000);
  Object.assign(figures, {
    longTask_1MB_worstChunkMs_shipped: worstChunk(shipped, page),
    longTask_1MB_worstChunkMs_20k: worstChunk(big, page),
    longTask_1MB_allEvasions_worstChunkMs_shipped: worstChunk(shipped, densePage),
    longTask_1MB_wholePageMs_shipped: round(best(1, () => shipped.scan(page)).ms),
    shippedTerms: shipped.stats.patterns,
    shipped_buildMs: round(best(3, () => compileMatcher(DEFAULT_TERMS)).ms),
    loadAverageAfter: round(os.loadavg()[0]!),
  });

  const head = ['matcher', 'terms', 'build ms', 'load ms', 'MB scanned', 'scan-only MB/s', 'end-to-end MB/s', 'results'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(
    `\n${summary.join('\n')}` +
      `\nBuild of 5,000 terms: ${figures.ours_5k_buildMs} ms compiled warm (${figures.ours_5k_buildColdMs} ms cold), ${figures.ours_5k_loadPrecompiledMs} ms loaded precompiled warm, ${figures.ours_5k_loadPrecompiledColdMs} ms cold in a fresh process (target < 20 ms; ` +
      `a fresh process only filling ${(Number(figures.ours_5k_tableBytes) / 1e6).toFixed(1)} MB, the size of our tables, takes ${figures.machine_5k_fillTableBytesColdMs} ms on this machine)` +
      `\nLong-task check, 1 MB page in ${CHUNK}-char chunks, worst chunk: ${figures.longTask_1MB_worstChunkMs_shipped} ms (shipped lists), ` +
      `${figures.longTask_1MB_worstChunkMs_20k} ms (20k terms), ${figures.longTask_1MB_allEvasions_worstChunkMs_shipped} ms (page of evasions) (target < 50 ms)` +
      `\n(MB scanned: how much of the corpus each peer finished within its ${budgetMs / 1000} s budget, scan-only/end-to-end when they differ)\n`,
  );
  return figures;
}

