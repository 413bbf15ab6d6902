import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..', '..');
const cli = (args: string[], input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { cwd: root, input, encoding: 'utf8' });

describe('npm run -s cli -- keywords scan', () => {
  it('prints one JSON line per input line, with offsets into that line', () => {
    const r = cli(['keywords', 'scan'], 'i want to k1ll myself\r\nnothing here\nScunthorpe\n\nshoot a video, then porn');
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 5]);
    expect(out[0]).toEqual({ line: 1, matches: [{ term: 'kill myself', category: 'suicide', severity: 5, start: 10, end: 21 }] });
    expect(out[1].matches).toEqual([]);
    expect(out[2].matches).toEqual([]);
    expect(out[3].matches).toEqual([]);
    expect(out[4].matches).toEqual([{ term: 'porn', category: 'pornography', severity: 3, start: 20, end: 24 }]);
  });

  it('--policy adds a school term and allow-phrase (policy document or keywords section)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-cli-'));
    const doc = path.join(dir, 'policy.json');
    fs.writeFileSync(doc, JSON.stringify({ keywords: { extraTerms: [{ term: 'blue whale challenge', category: 'self-harm', severity: 5 }], allowPhrases: ['porn free'] } }));
    const r = cli(['keywords', 'scan', '--policy', doc], 'doing the blue whale challenge\na porn free zone\n');
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out[0].matches).toEqual([{ term: 'blue whale challenge', category: 'self-harm', severity: 5, start: 10, end: 30 }]);
    expect(out[1].matches).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });

  it('explains a bad policy file and a bad command instead of scanning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-cli-'));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ extraTerms: [{ term: 'x', category: 'nope', severity: 3 }] }));
    const r = cli(['keywords', 'scan', '--policy', bad], 'hello\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/extraTerms\.0\.category/);
    expect(r.stdout).toBe('');
    const missing = cli(['keywords', 'scan', '--policy', path.join(dir, 'none.json')], '');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read policy/);
    const wrong = cli(['keywords', 'frobnicate'], '');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/Usage: npm run -s cli -- keywords scan/);
    fs.rmSync(dir, { recursive: true });
  });
});
