/**
 * The warning a read with an unknown handle gets: an empty answer for a mistyped handle
 * (`@backend.apii`) would otherwise look like "nothing to do". Checked only when the answer is
 * empty, so a usual read never loads the catalog.
 */
import { unwrap } from '../core/errors.js';
import { parseHandle } from '../core/handles.js';
import { changesAt } from '../core/horizon.js';
import { readerWarning } from '../services/agents.js';
import type { Workspace } from '../services/workspace.js';
import { sanitize, warn } from './output.js';

/**
 * Warns on standard error (JSON on standard output keeps its shape) when nothing was found
 * for `handle` and the catalog lacks it; never throws (no warning when the catalog cannot be
 * read). The answer cache's key for these reads does not cover the catalog, so every empty
 * answer for a handle, warned or not, is marked as not to be kept (its horizon is now): the next
 * run checks the catalog again, and a kept answer (never empty) never loads it. Empty answers
 * are cheap to compute. `catalogKeyed` (brief, whose key covers the catalog) keeps them.
 */
export async function warnUnknownReader(
  ws: Workspace,
  handle: string | null | undefined,
  found: number,
  o: { catalogKeyed?: boolean } = {},
): Promise<void> {
  if (handle === null || handle === undefined || found > 0) return;
  // An empty answer is never kept, warned or not: the catalog may gain or lose the handle.
  if (o.catalogKeyed !== true) changesAt(Date.now());
  let warning: string | null;
  try {
    warning = await readerWarning(ws, unwrap(parseHandle(handle, 'agent')));
  } catch {
    // A hint never fails the read it decorates: a catalog that cannot be read gets no warning.
    return;
  }
  if (warning === null) return;
  warn(sanitize(`warning: ${warning}`));
}
