/**
 * The warning a read with an unknown handle gets: an empty answer for a mistyped handle
 * (`@backend.apii`) would otherwise look like "nothing to do". Checked only when the answer is
 * empty, so a usual read never loads the catalog.
 */
import type { Status } from '../core/types.js';
import { emptyReadWarning } from '../services/agents.js';
import type { Workspace } from '../services/workspace.js';
import { warnNote } from './output.js';

/**
 * Warns on standard error (JSON on standard output keeps its shape) when nothing was found
 * for `handle` and the catalog lacks it; never throws (no warning when the catalog cannot be
 * read). `status` names the flags the read looked at (default pending). The answer cache keys these reads with the catalog's files (src/cli/answer.ts), so a
 * kept answer, with its warning, holds until the catalog changes.
 */
export async function warnUnknownReader(
  ws: Workspace,
  handle: string | null | undefined,
  found: number,
  status?: Status | 'all',
): Promise<void> {
  const warning = await emptyReadWarning(ws, handle, found, status);
  if (warning !== null) warnNote(warning);
}
