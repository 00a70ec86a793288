/**
 * One way to say what was wrong with a value zod refused: the first issue, as
 * "path.to.field: message" (the root named as the caller likes). Used wherever
 * input is validated, so every boundary words its errors the same way.
 */
import type { z } from 'zod';

export function describeIssue(error: z.ZodError, options: { root?: string; quotePath?: boolean } = {}): string {
  const issue = error.issues[0];
  if (!issue) return `${options.root ?? '(root)'}: invalid`;
  const path = issue.path.map(String).join('.');
  const where = path === '' ? (options.root ?? '(root)') : options.quotePath ? `"${path}"` : path;
  return `${where}: ${issue.message}`;
}
