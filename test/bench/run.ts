/**
 * `npm run bench -- NAME [args]`: runs test/bench/NAME.bench.ts. Each benchmark prints our
 * figure beside a peer measured in the same run, and ends with one line of JSON holding every
 * figure by name. Targets live here, never as timing assertions in tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = import.meta.dirname;
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const [name, ...args] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  process.stderr.write(`${name ? `Unknown benchmark "${name}". ` : ''}Usage: npm run bench -- <name>\nAvailable: ${available.join(', ') || '(none yet)'}\n`);
  process.exit(name ? 2 : 1);
}
const mod = (await import(pathToFileURL(path.join(dir, `${name}.bench.ts`)).href)) as { run(args: string[]): Promise<Record<string, unknown>> };
const figures = await mod.run(args);
process.stdout.write(JSON.stringify({ bench: name, ...figures }) + '\n');
process.exit(0);
