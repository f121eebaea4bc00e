/**
 * A missing identity's fix in the spelling of the command that was run: `create --from`,
 * `create-flag --source_agent`, `complete-flag ID @agent`; the others take the global `--by`.
 */
import { FlagstoreError } from '../core/errors.js';
import { identityFix, isMissingIdentity } from '../core/identity.js';

const SPELLINGS: Record<string, (id: string) => string> = {
  create: () => '--from @domain.module',
  'create-flag': () => '--source_agent @domain.module',
  'complete-flag': (id) => `the agent after the id: flagstore complete-flag ${id} @domain.module`,
};

/** The error with its fix worded for `command`, when it is a missing identity. */
export function inCommandSpelling(error: FlagstoreError, command: string): FlagstoreError {
  const spelling = SPELLINGS[command];
  if (!isMissingIdentity(error) || spelling === undefined) return error;
  const id = typeof error.details.id === 'string' ? error.details.id : 'ID';
  return new FlagstoreError(error.code, error.message, {
    fix: identityFix(spelling(id)),
    details: error.details,
  });
}
