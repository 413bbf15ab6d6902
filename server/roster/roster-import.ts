import { parse } from 'csv-parse/sync';
import type { RosterRow } from '../store/dashboard-types';

export class RosterError extends Error {}

// Header names schools' MIS exports use (SIMS, Arbor, Bromcom), matched case-insensitively.
const HEADERS: Record<keyof Omit<RosterRow, 'schoolId'>, string[]> = {
  user: ['user', 'username', 'user name', 'login', 'email', 'upn login'],
  name: ['name', 'pupil', 'pupil name', 'full name', 'legal name'],
  className: ['class', 'class name', 'reg group', 'registration group', 'form'],
  yearGroup: ['year', 'year group', 'nc year', 'yeargroup'],
};

/**
 * Parse a roster CSV (one pupil a row: user name, name, class, year). Every bad row is reported
 * with its line number and nothing is imported, so a half-broken file never half-replaces the roster.
 */
export function parseRoster(csv: string): Omit<RosterRow, 'schoolId'>[] {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new RosterError(`the file is not valid CSV: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new RosterError('the file is empty: expected a header row such as "user,name,class,year"');
  const lower = header.map((h) => h.toLowerCase());
  const col = {} as Record<keyof typeof HEADERS, number>;
  const missing: string[] = [];
  for (const [key, names] of Object.entries(HEADERS) as [keyof typeof HEADERS, string[]][]) {
    const i = lower.findIndex((h) => names.includes(h));
    if (i < 0) missing.push(`${key} (one of: ${names.join(', ')})`);
    col[key] = i;
  }
  if (missing.length) throw new RosterError(`missing column${missing.length > 1 ? 's' : ''}: ${missing.join('; ')}`);
  const problems: string[] = [];
  const seen = new Set<string>();
  const out = rows.map((r, i) => {
    const line = i + 2;
    const get = (k: keyof typeof HEADERS) => (r[col[k]] ?? '').trim();
    const row = { user: get('user'), name: get('name'), className: get('className'), yearGroup: get('yearGroup') };
    if (!row.user) problems.push(`line ${line}: no user name`);
    else if (seen.has(row.user.toLowerCase())) problems.push(`line ${line}: user "${row.user}" appears twice`);
    if (!row.name) problems.push(`line ${line}: no pupil name`);
    if (!row.yearGroup) problems.push(`line ${line}: no year group`);
    for (const [k, v] of Object.entries(row)) if (v.length > 200) problems.push(`line ${line}: ${k} longer than 200 characters`);
    seen.add(row.user.toLowerCase());
    return row;
  });
  if (problems.length) throw new RosterError(`nothing imported; fix these rows: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? ` (and ${problems.length - 20} more)` : ''}`);
  if (!out.length) throw new RosterError('the file has a header but no pupils');
  if (out.length > 20_000) throw new RosterError('more than 20,000 pupils: split the file by school');
  return out;
}
