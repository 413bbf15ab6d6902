/**
 * Child of the keyword benchmark, in a fresh process as a device starts: load one precompiled
 * matcher (the file named on the command line) and print the milliseconds it took as JSON; or,
 * with `--touch BYTES`, only allocate and fill that many bytes of fresh memory, the machine's
 * floor for any loader that lays tables of that size down (on this Firecracker VM a first touch
 * costs ~10 µs a page: a C program filling 9.3 MB took 24–32 ms). The parent takes the best of three.
 */
import fs from 'node:fs';
import { deserialiseMatcher } from '../../shared/keywords/matcher';

/** Milliseconds to allocate and fill `bytes` of fresh memory. */
function fillMs(bytes: number): number {
  const t0 = performance.now();
  const table = new Int32Array(Math.ceil(bytes / 4)).fill(1);
  const ms = performance.now() - t0;
  if (table[table.length - 1] !== 1) throw new Error('fill did not reach the end');
  return ms;
}

/** Milliseconds to load the precompiled matcher saved in `file`. */
function loadMs(file: string): number {
  const json = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  const m = deserialiseMatcher(json);
  const ms = performance.now() - t0;
  if (m.scan('a plain sentence').length !== 0) throw new Error('a freshly loaded matcher found a match in plain text');
  return ms;
}

const ms = process.argv[2] === '--touch' ? fillMs(Number(process.argv[3])) : loadMs(process.argv[2]!);
process.stdout.write(JSON.stringify({ ms }) + '\n');
