/**
 * The gate's half of the transition rules `check` applies (core/transition-rules.ts): no flag
 * file deleted, and each flag file the commit modifies, its HEAD copy against the staged one. The HEAD copies' blob ids come
 * from the staged raw diff, and their blobs are read in the batch that reads the staged files, so
 * a commit that touches flags starts no git process for them; one that touches none reads none.
 */
import { isRegularMode } from '../core/git-records.js';
import { flagIdOfFile, isFlagFilePath } from '../core/ids.js';
import { breachText, DELETED, transitionBreaches } from '../core/transition-rules.js';
import type { Flag } from '../core/types.js';
import type { GitObject } from '../git/objects.js';
import type { StagedChange } from './staged.js';

/** A flag file the commit modifies: its path, and its blob ids in HEAD and in the index. */
export interface FlagRevision {
  path: string;
  from: string;
  blob: string;
}

const ABSENT = /^0+$/;

/** The flag files (`<flagsDir>/<id>.md`) the staged changes modify, as regular files both sides. */
export function flagRevisions(changes: StagedChange[], flagsDir: string): FlagRevision[] {
  return changes.flatMap((c) =>
    c.status === 'M' &&
    isRegularMode(c.mode) &&
    !ABSENT.test(c.from) &&
    isFlagFilePath(c.path, flagsDir)
      ? [{ path: c.path, from: c.from, blob: c.blob }]
      : [],
  );
}

/** The flag files (`<flagsDir>/<id>.md`) the staged changes delete, refused as `check` refuses them. */
export function deletionFindings(changes: StagedChange[], flagsDir: string): string[] {
  return changes.flatMap((c) =>
    c.status === 'D' && isFlagFilePath(c.path, flagsDir)
      ? [`${c.path}: ${breachText(DELETED, { id: idOfPath(c.path), path: c.path, from: 'HEAD' })}`]
      : [],
  );
}

/** The id a flag file's path names (one {@link isFlagFilePath} accepted). */
function idOfPath(path: string): string {
  return flagIdOfFile(path.slice(path.lastIndexOf('/') + 1)) ?? '';
}

/**
 * The rules each revision breaks, as `check` says them with HEAD as the earlier commit. Only two
 * valid copies named by their id are compared, as `check` compares them: an invalid copy is the
 * flags check's own finding (or, before, a repair).
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
    const after = read(blob, id);
    if (before === null || after === null) return [];
    const site = { id, path, from: 'HEAD' };
    return transitionBreaches(before, after).map((b) => `${path}: ${breachText(b, site)}`);
  });
}
