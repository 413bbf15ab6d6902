/** A Chrome extension version: 1 to 4 dot-separated integers. */
export const EXTENSION_VERSION = /^\d{1,9}(\.\d{1,9}){0,3}$/;

/** Compare dotted Chrome versions: negative if a < b, 0 if equal ("1.0" = "1.0.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
