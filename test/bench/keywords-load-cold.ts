/**
 * Child of the keyword benchmark: load one precompiled matcher (the file named on the command
 * line) in a fresh process, as a device does at start-up, and print the milliseconds it took
 * as JSON. The parent runs it a few times and reports the best.
 */
import fs from 'node:fs';
import { deserialiseMatcher } from '../../shared/keywords/matcher';

const json = fs.readFileSync(process.argv[2]!, 'utf8');
const t0 = performance.now();
const m = deserialiseMatcher(json);
const ms = performance.now() - t0;
if (m.scan('a plain sentence').length !== 0) throw new Error('a freshly loaded matcher found a match in plain text');
process.stdout.write(JSON.stringify({ ms }) + '\n');
