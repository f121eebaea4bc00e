/** Installing the protocol section into an instructions file (AGENTS.md, CLAUDE.md, an agent file). */
import { existsSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../store/atomic.js';
import { installSection, protocolText } from './protocol.js';

/** What installing did to the file. */
export type InstallOutcome = 'created' | 'updated' | 'unchanged';

/** Adds or replaces flagstore's marked section in the file, leaving the rest untouched. */
export async function installInstructions(
  path: string,
  agent: string | null,
): Promise<InstallOutcome> {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const after = installSection(before, protocolText(agent));
  if (after === before) return 'unchanged';
  await writeAtomic(path, after);
  return before === '' ? 'created' : 'updated';
}
