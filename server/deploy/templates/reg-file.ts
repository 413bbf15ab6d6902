/**
 * Windows .reg files ("Windows Registry Editor Version 5.00"): written for the templates and
 * parsed back by the tests, so what IT imports is exactly what was checked.
 */
export type RegValue = { type: 'sz'; value: string } | { type: 'dword'; value: number };

export interface RegKey {
  path: string;
  values: [name: string, value: RegValue][];
  /** Comment lines written above the key. */
  comment?: string[];
}

const HEADER = 'Windows Registry Editor Version 5.00';
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function writeRegFile(keys: RegKey[], preamble: string[] = []): string {
  const lines = [HEADER, ''];
  for (const c of preamble) lines.push(`; ${c}`);
  if (preamble.length) lines.push('');
  for (const k of keys) {
    if (/[\r\n\]]/.test(k.path)) throw new Error(`registry key path has a forbidden character: ${k.path}`);
    for (const c of k.comment ?? []) lines.push(`; ${c}`);
    lines.push(`[${k.path}]`);
    for (const [name, v] of k.values) {
      if (/[\r\n]/.test(name) || (v.type === 'sz' && /[\r\n]/.test(v.value))) throw new Error(`registry value ${name} contains a line break`);
      lines.push(`${quote(name)}=${v.type === 'sz' ? quote(v.value) : `dword:${(v.value >>> 0).toString(16).padStart(8, '0')}`}`);
    }
    lines.push('');
  }
  return lines.join('\r\n');
}

/** regedit's own encoding for .reg files: UTF-16LE with a byte-order mark. */
export function regFileBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function unquote(s: string, line: number): [string, string] {
  if (s[0] !== '"') throw new Error(`line ${line}: expected a quoted string`);
  let out = '';
  let i = 1;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') out += s[++i] ?? '';
    else if (c === '"') return [out, s.slice(i + 1)];
    else out += c;
  }
  throw new Error(`line ${line}: unterminated string`);
}

/** Parse a .reg file (text, or UTF-16LE bytes with BOM) into keys and typed values. */
export function parseRegFile(input: string | Buffer): RegKey[] {
  const text = typeof input === 'string' ? input : input[0] === 0xff && input[1] === 0xfe ? input.subarray(2).toString('utf16le') : input.toString('utf8');
  const lines = text.split(/\r?\n/);
  if (lines[0]?.replace(/^\uFEFF/, '') !== HEADER) throw new Error(`not a .reg file: first line must be "${HEADER}"`);
  const keys: RegKey[] = [];
  let current: RegKey | null = null;
  lines.slice(1).forEach((raw, idx) => {
    const n = idx + 2;
    const line = raw.trim();
    if (!line || line.startsWith(';')) return;
    const key = /^\[([^\]]+)\]$/.exec(line);
    if (key) {
      keys.push((current = { path: key[1]!, values: [] }));
      return;
    }
    if (!current) throw new Error(`line ${n}: value outside any [key]`);
    const [name, rest] = unquote(line, n);
    if (!rest.startsWith('=')) throw new Error(`line ${n}: expected "=" after the value name`);
    const data = rest.slice(1);
    const dword = /^dword:([0-9a-fA-F]{8})$/.exec(data);
    if (dword) current.values.push([name, { type: 'dword', value: parseInt(dword[1]!, 16) }]);
    else {
      const [value, tail] = unquote(data, n);
      if (tail.trim()) throw new Error(`line ${n}: unexpected text after the value`);
      current.values.push([name, { type: 'sz', value }]);
    }
  });
  return keys;
}
