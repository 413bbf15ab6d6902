import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManagedConfig } from './policy/managed-config';

const SHARED = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(SHARED, '..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('conventions', () => {
  it('shared/ has no platform code: no node:, chrome., DOM or imports from extension/agent/server', () => {
    const offenders: string[] = [];
    for (const f of files(SHARED)) {
      const src = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/from ['"](node:|fs|path|os|child_process)['"]/.test(src)) offenders.push(`${f}: node import`);
      if (/\bchrome\.[a-z]/.test(src)) offenders.push(`${f}: chrome.*`);
      if (/\b(document|window|localStorage)\./.test(src)) offenders.push(`${f}: DOM`);
      if (/from ['"]\.\.\/\.\.\/(extension|agent|server)\//.test(src)) offenders.push(`${f}: imports outward`);
    }
    expect(offenders).toEqual([]);
  });

  it('the admin-console managed schema lists exactly the settings the extension understands', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension', 'public', 'managed_schema.json'), 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(ManagedConfig.shape).sort());
  });
});
