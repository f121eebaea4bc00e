/** The acting agent's identity: the one lookup the CLI, the library and the hook all use. */
import { unwrap } from '../core/errors.js';
import { parseHandle } from '../core/handles.js';
import { plainConfigValue } from '../git/config-read.js';
import { gitConfig } from '../git/repo.js';

/** Where an agent identity may come from, highest priority first (then git config). */
export interface IdentitySources {
  explicit?: string | undefined;
  env?: string | undefined;
}

const KEY = 'flagstore.agent';

/** git config flagstore.agent: read in this process where that is certain, else by git. */
async function configuredAgent(root: string): Promise<string | null> {
  const known = plainConfigValue(root, KEY);
  return known === undefined ? gitConfig(root, KEY) : known;
}

/**
 * The acting agent: `explicit` (`--by`), else `env` (FLAGSTORE_AGENT), else git config
 * flagstore.agent, else null. A malformed handle is an error, not an anonymous agent.
 */
export async function agentIdentity(
  root: string,
  sources: IdentitySources,
): Promise<string | null> {
  // A blank source counts as unset: `.mcp.json` passes `${FLAGSTORE_AGENT:-}` through as "".
  const given = [sources.explicit, sources.env].find((s) => s !== undefined && s.trim() !== '');
  const raw = given ?? (await configuredAgent(root));
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  return unwrap(parseHandle(raw, 'agent identity'));
}

/** The agent committing, or null when unknown (then every unresolved critical flag blocks). */
export function committerAgent(root: string): Promise<string | null> {
  return agentIdentity(root, { env: process.env.FLAGSTORE_AGENT });
}
