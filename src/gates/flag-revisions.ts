/**
 * The gate's half of the transition rules `check` applies (core/transition-rules.ts): no flag
 * file deleted, and each flag file the commit modifies, its HEAD copy against the staged one. The
 * HEAD copies' blob ids come from the staged raw diff, and their blobs are read in the batch that
 * reads the staged files, so a commit that touches flags starts no git process for them; one that
 * touches none reads none. A deleted file's HEAD copy gives its fix the flag's state and target.
 */
import { isRegularMode } from '../core/git-records.js';
import { flagIdOfFile, isFlagFilePath } from '../core/ids.js';
import { breachText, DELETED, transitionBreaches } from '../core/transition-rules.js';
import type { Flag } from '../core/types.js';
import type { GitObject } from '../git/objects.js';
import type { StagedChange } from './staged.js';

/**
 * A flag file the commit modifies or deletes: its path, and its blob ids in HEAD and in the
 * index (null when the commit deletes it).
 */
export interface FlagRevision {
  path: string;
  from: string;
  blob: string | null;
}

const ABSENT = /^0+$/;

/** A change to an existing flag file as regular files both sides. */
function isModified(c: StagedChange): boolean {
  return c.status === 'M' && isRegularMode(c.mode) && !ABSENT.test(c.from);
}

/** The flag files (`<flagsDir>/<id>.md`) the staged changes modify or delete. */
export function flagRevisions(changes: StagedChange[], flagsDir: string): FlagRevision[] {
  return changes.flatMap((c) =>
    (c.status === 'D' || isModified(c)) && isFlagFilePath(c.path, flagsDir)
      ? [{ path: c.path, from: c.from, blob: c.status === 'D' ? null : c.blob }]
      : [],
  );
}

/** The id a flag file's path names (one {@link isFlagFilePath} accepted). */
function idOfPath(path: string): string {
  return flagIdOfFile(path.slice(path.lastIndexOf('/') + 1)) ?? '';
}

/**
 * The rules each revision breaks, as `check` says them with HEAD as the earlier commit: a
 * deletion always, a modification where two valid copies named by their id differ as `check`
 * compares them (an invalid copy is the flags check's own finding, or, before, a repair).
 */
export async function revisionFindings(
  revisions: FlagRevision[],
  objects: Map<string, GitObject>,
): Promise<string[]> {
  if (revisions.length === 0) return [];
  const { parseFlagFile } = await import('../store/flag-file.js');
  const read = (blob: string, id: string): Flag | null => {
    const flag = parseFlagFile(objects.get(blob)?.content.toString('utf8') ?? '').flag;
    return flag?.id === id ? flag : null;
  };
  return revisions.flatMap(({ path, from, blob }) => {
    const id = idOfPath(path);
    const before = read(from, id);
    const site = { id, path, from: 'HEAD', earlier: before };
    if (blob === null) return [`${path}: ${breachText(DELETED, site)}`];
    const after = read(blob, id);
    if (before === null || after === null) return [];
    return transitionBreaches(before, after).map((b) => `${path}: ${breachText(b, site)}`);
  });
}
