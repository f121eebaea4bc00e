/** The committer's agent identity for the hook: FLAGSTORE_AGENT, else git config flagstore.agent. */
import { unwrap } from '../core/errors.js';
import { parseHandle } from '../core/handles.js';
import { gitConfig } from '../git/repo.js';

/** The agent committing, or null when unknown (then every unresolved critical flag blocks). */
export async function committerAgent(root: string): Promise<string | null> {
  const raw = process.env.FLAGSTORE_AGENT ?? (await gitConfig(root, 'flagstore.agent'));
  if (raw === null || raw.trim() === '') return null;
  return unwrap(parseHandle(raw, 'agent identity'));
}
