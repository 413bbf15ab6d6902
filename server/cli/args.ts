/** `--name value`, `--name=value` and bare `--flag` (true) into an object; the rest positionally. */
export function parseArgs(args: string[]): { opts: Record<string, string | true>; rest: string[] } {
  const opts: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq !== -1) opts[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) opts[a.slice(2)] = args[++i]!;
    else opts[a.slice(2)] = true;
  }
  return { opts, rest };
}
