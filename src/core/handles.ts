/**
 * Agent handles: `@name`, where the name is any name Claude Code accepts for a subagent
 * (lowercase letters and digits joined by hyphens or underscores, like `code-reviewer`) or the
 * seed's recommended `domain.module` form (`backend.api`). This module normalises and checks
 * them.
 */
import { fail, ok, type Result } from './errors.js';

const SEGMENT = '[a-z0-9]+(?:[-_][a-z0-9]+)*';
const HANDLE_PATTERN = new RegExp(`^@${SEGMENT}(?:\\.${SEGMENT})*$`);

/** Adds a missing `@` and lowercases; does not validate. */
export function normaliseHandle(raw: string): string {
  const trimmed = raw.trim().toLowerCase();
  return trimmed.startsWith('@') ? trimmed : `@${trimmed}`;
}

/** True when the handle is in normal form: `@code-reviewer` or `@domain.module`. */
export function isHandle(value: string): boolean {
  return HANDLE_PATTERN.test(value);
}

/** True when the handle follows the seed's recommended `@domain.module` style. */
export function isDomainHandle(value: string): boolean {
  return isHandle(value) && value.includes('.');
}

/** Normalises a user-supplied handle and checks its shape. */
export function parseHandle(raw: string, field = 'agent'): Result<string> {
  const handle = normaliseHandle(raw);
  if (isHandle(handle)) return ok(handle);
  return fail(
    'invalid',
    `${field} ${JSON.stringify(raw)} is not a handle like @code-reviewer or @domain.module (lowercase letters and digits, joined by hyphens, underscores or dots)`,
    { details: { field, value: raw } },
  );
}
