/**
 * reg.exe as data: the exact invocations the Windows adapters run, a .reg file builder for
 * writing many values in one `reg import`, and a parser for `reg query … /s` output.
 */

export type RegType = 'REG_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_BINARY' | 'REG_NONE';
export interface RegValue {
  type: RegType;
  /** As reg.exe prints it: "0x1" for a DWORD, text for REG_SZ, "a\0b" for MULTI_SZ. */
  data: string;
}
/** Key path (HKEY_LOCAL_MACHINE\…) → value name → value. "(Default)" is the default value. */
export type RegTree = Map<string, Map<string, RegValue>>;

export const REG = 'reg.exe';
/** Always the 64-bit registry view, whatever the bitness of node.exe. */
const VIEW = '/reg:64';

export const regQueryArgs = (key: string, recursive = true): string[] => ['query', key, ...(recursive ? ['/s'] : []), VIEW];
export const regImportArgs = (file: string): string[] => ['import', file, VIEW];
export const regDeleteKeyArgs = (key: string): string[] => ['delete', key, '/f', VIEW];
export const regAddArgs = (key: string, name: string | null, type: RegType, data: string): string[] => [
  'add',
  key,
  ...(name === null ? ['/ve'] : ['/v', name]),
  '/t',
  type,
  '/d',
  data,
  '/f',
  VIEW,
];

/** reg.exe prints HKLM paths in full. */
export const fullKey = (key: string): string => key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').replace(/^HKCU\\/i, 'HKEY_CURRENT_USER\\');

/** reg.exe's "key not found" (exit code 1, this text on stderr in English Windows). */
export const isNotFound = (r: { code: number; stderr: string }): boolean => r.code !== 0 && /unable to find the specified registry key or value/i.test(r.stderr);

/**
 * Parse `reg query KEY /s`: key lines start at column 0 (HKEY_…), value lines are
 * "    NAME    TYPE    DATA" (four-space separators; names may contain single spaces).
 */
export function parseRegQuery(text: string): RegTree {
  const tree: RegTree = new Map();
  let current: Map<string, RegValue> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim()) continue;
    if (/^HKEY_/.test(raw)) {
      current = new Map();
      tree.set(raw.trim(), current);
      continue;
    }
    const m = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(raw);
    if (m && current) current.set(m[1]!, { type: m[2] as RegType, data: m[3] ?? '' });
  }
  return tree;
}

/** A value's data as JS: DWORD/QWORD as numbers, strings as they are. */
export function regData(v: RegValue): string | number {
  if (v.type === 'REG_DWORD' || v.type === 'REG_QWORD') return Number.parseInt(v.data, 16);
  return v.data;
}

const regString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export type RegFileEntry =
  | { deleteKey: string }
  | { key: string; values: Record<string, { type: 'REG_SZ'; data: string } | { type: 'REG_DWORD'; data: number }> };

/**
 * A "Windows Registry Editor Version 5.00" file. `reg import` wants it UTF-16LE with a BOM
 * (see encodeRegFile) so non-ASCII text such as a school's name survives.
 */
export function buildRegFile(entries: RegFileEntry[]): string {
  const out = ['Windows Registry Editor Version 5.00', ''];
  for (const e of entries) {
    if ('deleteKey' in e) {
      out.push(`[-${fullKey(e.deleteKey)}]`, '');
      continue;
    }
    out.push(`[${fullKey(e.key)}]`);
    for (const [name, v] of Object.entries(e.values)) {
      const data = v.type === 'REG_DWORD' ? `dword:${(v.data >>> 0).toString(16).padStart(8, '0')}` : regString(v.data);
      out.push(`${regString(name)}=${data}`);
    }
    out.push('');
  }
  return out.join('\r\n');
}

export const encodeRegFile = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
