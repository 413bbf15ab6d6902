/**
 * What changed between two policy versions, as readable lines for the change log
 * ("keywords.allowPhrases: added "kill time""). Arrays of strings show items added/removed;
 * anything else shows old → new.
 */
export function policyDiff(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = before.map((x) => JSON.stringify(x));
    const a = after.map((x) => JSON.stringify(x));
    const added = a.filter((x) => !b.includes(x));
    const removed = b.filter((x) => !a.includes(x));
    return [...added.map((x) => `${path}: added ${x}`), ...removed.map((x) => `${path}: removed ${x}`)];
  }
  if (before && after && typeof before === 'object' && typeof after === 'object') {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) =>
      k === 'version' && !path ? [] : policyDiff((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return [`${path}: ${show(before)} → ${show(after)}`];
}
