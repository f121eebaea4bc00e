/**
 * Handles the agent catalog lacks, and the closest catalog handles to name instead: for create's
 * target warning, a read's unknown handle and a mistyped `--by`. Kept apart from agents.ts (which
 * loads catalog search) and light: a write checks its `--by` with a stat, and loads and reads the
 * catalog's cached checks only for a handle without its own agent file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { agentFileName } from '../catalog/agent.js';
import type { CatalogLocation } from '../catalog/catalog-files.js';
import { closestHandles } from '../catalog/suggest.js';
import { FlagstoreError } from '../core/errors.js';
import type { Workspace } from './workspace.js';

/** The catalog folders of a workspace, absolute. */
export function catalogDirs(ws: Workspace): string[] {
  return ws.config.agents_dirs.map((dir) => join(ws.root, dir));
}

/** Where a workspace's catalog is, and where its cached checks are kept. */
export function catalogLocation(ws: Workspace): CatalogLocation {
  return { root: ws.root, dirs: catalogDirs(ws), stateDir: join(ws.gitDir, 'flagstore') };
}

/**
 * The closest of `known` to a handle they lack; null when they hold it or are empty (a store
 * without a catalog names agents freely).
 */
export function missingHandle(handle: string, known: string[]): string[] | null {
  if (known.length === 0 || known.includes(handle)) return null;
  return closestHandles(handle, known);
}

/** `; closest: a, b` for a warning about a handle the catalog lacks, or nothing. */
export function closestHint(near: string[]): string {
  return near.length > 0 ? `; closest: ${near.join(', ')}` : '';
}

/**
 * A warning for an explicit identity the catalog lacks (a mistyped handle is written as given),
 * naming the closest catalog handles; null when the catalog has it or is empty. `named` is how
 * the caller passed it: the CLI's `--by` (the default), MCP's `agent` argument. A handle with
 * its own agent file (`agents add` names it so) is taken as known from a stat (the file is not
 * read: `validate` reports a broken one); else the catalog's cached checks are read, without
 * indexing the catalog for search.
 */
export async function identityWarning(
  ws: Workspace,
  handle: string,
  named = '--by',
): Promise<string | null> {
  const dirs = catalogDirs(ws);
  if (dirs.some((dir) => existsSync(join(dir, agentFileName(handle))))) return null;
  const { catalogHandles } = await import('../catalog/catalog-checks.js');
  const near = missingHandle(handle, await catalogHandles(catalogLocation(ws)));
  if (near === null) return null;
  return `${named} ${handle} is not in the agent catalog${closestHint(near)}`;
}

/**
 * Refuses a new agent's name that is its handle only once lowercased or with its spaces made
 * hyphens (`Bad_Name`, `Code Reviewer`): the handle others target must be the name typed, so
 * the fix names the form to type. A missing `@` and surrounding spaces are no change.
 */
export function refuseReshapedName(raw: string, handle: string): void {
  const typed = raw.trim();
  if (typed === handle || `@${typed}` === handle) return;
  const shown = typed.startsWith('@') ? handle : handle.slice(1);
  throw new FlagstoreError(
    'invalid',
    `"${raw}" is not a handle as typed: a handle is lowercase letters and digits joined by hyphens, underscores or dots, and this name would be written as ${handle}; nothing was written`,
    {
      fix: `flagstore agents add ${shown} (with the same options)`,
      details: { value: raw, handle },
    },
  );
}
