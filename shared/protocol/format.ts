import type { z } from 'zod';

/** One readable line per problem, e.g. `events.0.severity: Too big: expected number to be <=5`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
