/**
 * Raw (still percent-encoded) query-string helpers. The query is carried over byte for byte,
 * exactly as Chrome's declarativeNetRequest `regexSubstitution` carries a captured group:
 * re-encoding it (URLSearchParams turns %20 into "+", "~" into "%7E" …) is how an earlier
 * version made rewriteSearch and the DNR rules disagree.
 */

/** `a=1&b=2` split into raw [key, value] pairs (no decoding). */
export function rawPairs(query: string): [string, string][] {
  if (query.startsWith('?') || query.startsWith('#')) query = query.slice(1);
  if (!query) return [];
  return query.split('&').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
  });
}

/**
 * The first non-empty raw value of `key` (compared case-insensitively, as DNR regexes are
 * by default), or null. A value is never empty: `q=&q=cats` gives "cats".
 */
export function firstRawValue(query: string, key: string): string | null {
  const k = key.toLowerCase();
  for (const [name, value] of rawPairs(query)) if (name.toLowerCase() === k && value !== '') return value;
  return null;
}

/** Whether `key=value` appears exactly (key case-insensitive, raw value case-insensitive). */
export function hasRawPair(query: string, key: string, value: string): boolean {
  const k = key.toLowerCase();
  const v = value.toLowerCase();
  return rawPairs(query).some(([name, val]) => name.toLowerCase() === k && val.toLowerCase() === v);
}

/**
 * Chrome's DNR `queryTransform.addOrReplaceParams` for one key (checked in a real Chromium):
 * the first `key=` (exact, case-sensitive) gets the new value, later duplicates and every
 * other part are left byte for byte, and if the key is absent `key=value` is appended.
 * Returns the new raw query without "?".
 */
export function addOrReplaceRaw(query: string, key: string, value: string): string {
  if (query.startsWith('?')) query = query.slice(1);
  const parts = query ? query.split('&') : [];
  const i = parts.findIndex((p) => p === key || p.startsWith(`${key}=`));
  if (i >= 0) parts[i] = `${key}=${value}`;
  else parts.push(`${key}=${value}`);
  return parts.join('&');
}
