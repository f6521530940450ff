import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * Formats a zod error as one line per issue, each prefixed by its dotted field path, e.g.
 * `messages.0.role: Invalid option: expected one of "system"|…`. Issues are joined with `; `.
 */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => narrowUnionIssue(issue, []))
    .map(({ path, message }) => (path.length > 0 ? `${path.join('.')}: ${message}` : message))
    .join('; ');
}

type FlatIssue = { path: PropertyKey[]; message: string };

/**
 * A failed `z.union` reports "Invalid input" plus every branch's issues. Report the issue of the
 * branch that got furthest (longest path) instead, which is what the caller most likely meant.
 */
function narrowUnionIssue(issue: Issue, prefix: PropertyKey[]): FlatIssue {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
    return { path, message: issue.message };
  }
  let best: FlatIssue | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const candidate = narrowUnionIssue(inner, path);
      if (best === undefined || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best ?? { path, message: issue.message };
}
