/**
 * flagstore's own files that land in the flags folder beside the flags and that no commit may
 * hold: an atomic write's temp file and the hook's saved hidden edits. Readers skip both, so
 * only the index shows them; the commit gate (what is staged) and `check` (what the index holds)
 * refuse them in the same sentences and fixes. Pure: the callers list the paths.
 */
import { tempFileWriter } from './ids.js';

/**
 * The name the hook's restore gives a file's hidden edits when the user saved the file while the
 * gates ran (src/gates/hide-restore.ts): `<file>.flagstore-unstaged`, then `.2`, `.3` ...
 */
export const SAVED_EDITS_SUFFIX = '.flagstore-unstaged';

const SAVED_EDITS = /^(.+)\.flagstore-unstaged(?:\.\d+)?$/;

/** One stray file: its repository-relative path and what the gate and `check` say of it. */
export interface StrayFile {
  path: string;
  message: string;
}

/**
 * What is said of a flagstore temp file (`git add -A` while a write was in progress): a write in
 * progress (a stalled writer's stays for a minute) or one a killed writer left, which readers
 * delete once stale. An untracked one is left alone.
 */
export function tempFileRule(path: string): string {
  return `a flagstore temp file (a write in progress, or left by a killed one), never a flag, and no commit may hold it; fix: git rm --cached -- ${path}, then commit`;
}

/**
 * What is said of hidden edits the hook saved beside `file` (docs/gates.md, "Partially staged
 * files"): the user's own unstaged edits, kept for them to bring back by hand, not a flag.
 */
export function savedEditsRule(path: string, file: string): string {
  return `hidden edits the commit gates saved beside ${file} for you to bring back by hand, never a flag, and no commit may hold them; fix: git rm --cached -- ${path}, then commit; delete it once ${file} has what you want of it`;
}

/**
 * git pathspecs that narrow an index listing of `flagsDir` to the names a stray file can have
 * (hidden names, and the saved edits'), so that `check` need not list 100,000 flags for them;
 * {@link strayFiles} still judges each name listed.
 */
export function strayPathspecs(flagsDir: string): string[] {
  const dir = flagsDir.replace(/[*?[\]\\]/g, '\\$&');
  return [`:(glob)${dir}/.*`, `:(glob)${dir}/*${SAVED_EDITS_SUFFIX}*`];
}

/** The stray files among `paths` (repository-relative), each with its rule's sentence. */
export function strayFiles(paths: readonly string[], flagsDir: string): StrayFile[] {
  const prefix = `${flagsDir}/`;
  return paths.flatMap((path) => {
    if (!path.startsWith(prefix)) return [];
    const name = path.slice(prefix.length);
    if (tempFileWriter(name) !== null) return [{ path, message: tempFileRule(path) }];
    const file = SAVED_EDITS.exec(name)?.[1];
    if (file === undefined) return [];
    return [{ path, message: savedEditsRule(path, `${prefix}${file}`) }];
  });
}
