import type { ChromiumPolicyValues } from '../../../shared/search/browser-policy';
import { type RegFileEntry, type RegTree, fullKey, regData } from './reg';

/** Where Chrome and Edge read machine policy on Windows (chromeenterprise.google, learn.microsoft.com/deployedge). */
export const WIN_POLICY_KEYS = {
  chrome: 'HKLM\\SOFTWARE\\Policies\\Google\\Chrome',
  edge: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Edge',
} as const;

/**
 * Chromium policy values to registry entries, the way Chrome's Windows policy loader reads
 * them: booleans and integers as REG_DWORD, strings as REG_SZ, lists as a subkey of numbered
 * REG_SZ values ("1", "2", …; the subkey is deleted first so a shorter list leaves no stale
 * entries), dictionaries as a JSON REG_SZ, and "3rdparty" extension settings under
 * 3rdparty\extensions\<id>\policy.
 */
export function chromiumRegEntries(root: string, values: ChromiumPolicyValues): RegFileEntry[] {
  const top: Extract<RegFileEntry, { key: string }> = { key: root, values: {} };
  const entries: RegFileEntry[] = [];
  const sub: RegFileEntry[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (name === '3rdparty') {
      const exts = (value as { extensions?: Record<string, Record<string, unknown>> }).extensions ?? {};
      for (const [id, cfg] of Object.entries(exts)) {
        const key = `${root}\\3rdparty\\extensions\\${id}\\policy`;
        sub.push({ deleteKey: key }, { key, values: scalarValues(cfg) });
      }
      continue;
    }
    if (Array.isArray(value)) {
      const key = `${root}\\${name}`;
      sub.push({ deleteKey: key }, { key, values: Object.fromEntries(value.map((v, i) => [String(i + 1), { type: 'REG_SZ' as const, data: String(v) }])) });
      continue;
    }
    Object.assign(top.values, scalarValues({ [name]: value }));
  }
  entries.push(top, ...sub);
  return entries;
}

function scalarValues(obj: Record<string, unknown>) {
  const out: Record<string, { type: 'REG_SZ'; data: string } | { type: 'REG_DWORD'; data: number }> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'boolean') out[k] = { type: 'REG_DWORD', data: v ? 1 : 0 };
    else if (typeof v === 'number') out[k] = { type: 'REG_DWORD', data: v };
    else if (typeof v === 'string') out[k] = { type: 'REG_SZ', data: v };
    else out[k] = { type: 'REG_SZ', data: JSON.stringify(v) };
  }
  return out;
}

/**
 * Read back the names the agent manages from a `reg query ROOT /s` tree, typed like the
 * expected values (a DWORD 1 where a boolean is expected reads back as true), so the enforcer
 * can compare. Returns null when the root key is gone.
 */
export function chromiumFromRegTree(root: string, tree: RegTree, expected: ChromiumPolicyValues): Record<string, unknown> | null {
  const rootKey = fullKey(root);
  const top = tree.get(rootKey);
  if (!top) return null;
  const out: Record<string, unknown> = {};
  for (const [name, want] of Object.entries(expected)) {
    if (want === undefined) continue;
    if (name === '3rdparty') {
      const exts: Record<string, Record<string, unknown>> = {};
      for (const [id, cfg] of Object.entries((want as { extensions: Record<string, Record<string, unknown>> }).extensions ?? {})) {
        const vals = tree.get(`${rootKey}\\3rdparty\\extensions\\${id}\\policy`);
        if (vals) exts[id] = typed(vals, cfg);
      }
      if (Object.keys(exts).length) out[name] = { extensions: exts };
      continue;
    }
    if (Array.isArray(want)) {
      const vals = tree.get(`${rootKey}\\${name}`);
      if (vals) {
        out[name] = [...vals.entries()]
          .filter(([n]) => /^\d+$/.test(n))
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, v]) => String(regData(v)));
      }
      continue;
    }
    const v = top.get(name);
    if (v) out[name] = typed(new Map([[name, v]]), { [name]: want })[name];
  }
  return out;
}

function typed(vals: Map<string, { type: string; data: string }>, like: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, want] of Object.entries(like)) {
    const v = vals.get(name);
    if (!v) continue;
    const data = regData(v as never);
    if (typeof want === 'boolean') out[name] = typeof data === 'number' ? data !== 0 : data;
    else if (typeof want === 'number' || typeof want === 'string') out[name] = data;
    else {
      try {
        out[name] = JSON.parse(String(data));
      } catch {
        out[name] = data;
      }
    }
  }
  return out;
}
