/**
 * The fix for a command that needs an agent identity and has none: the three ways to give one,
 * in the order they win (README, "Global options"): the command's own option or argument, the
 * FLAGSTORE_AGENT environment variable, then `git config flagstore.agent`.
 */
import { FlagstoreError } from './errors.js';

/** How most commands take the identity: the global `--by` option. */
export const BY_OPTION = '--by @domain.module';

/** `details.needs` of a missing-identity error: each front end rewords the fix in its terms. */
export const NEEDS_IDENTITY = 'identity';

/**
 * The ways to give an identity, `spelling` first: how the command at hand takes it, like
 * `--from @domain.module` or `the agent after the id: flagstore complete-flag ID @domain.module`.
 */
export function identityFix(spelling: string = BY_OPTION): string {
  return `pass ${spelling}, or set FLAGSTORE_AGENT=@domain.module, or run: git config flagstore.agent @domain.module`;
}

/**
 * A usage error for a command that needs an identity; `message` says what needs it, `details`
 * what a front end needs to word the fix (the flag's `id`).
 */
export function missingIdentity(
  message: string,
  details: Record<string, unknown> = {},
): FlagstoreError {
  return new FlagstoreError('usage', message, {
    fix: identityFix(),
    details: { ...details, needs: NEEDS_IDENTITY },
  });
}

/** Whether an error is a missing identity, whose fix a front end may reword. */
export function isMissingIdentity(error: FlagstoreError): boolean {
  return error.details.needs === NEEDS_IDENTITY;
}
