/**
 * A branch ref as its files hold it, read without git (node's built-ins only): the loose ref's
 * file, else its line in `packed-refs`. Both the in-process object store (loose.ts) and the
 * answer cache's key (src/cli/answer-key.ts, bundled without flagstore's other modules) read
 * refs this one way.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packedRefLine } from '../core/git-records.js';

/** What a ref's files hold: the loose file's text, else the packed-refs line (null: none). */
export type RefFiles = { loose: string } | { packed: string | null };

/** A file's text, or undefined when it does not exist; any other failure throws. */
export function textIfAny(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads a ref's files in a common git dir; throws when one exists but cannot be read. */
export function readRefFiles(commonDir: string, ref: string): RefFiles {
  const loose = textIfAny(join(commonDir, ref));
  if (loose !== undefined) return { loose };
  return { packed: packedRefLine(textIfAny(join(commonDir, 'packed-refs')) ?? '', ref) };
}

/**
 * The branch a work tree's HEAD file names (`git symbolic-ref --short HEAD`, read each time: a
 * long-running process sees the branch change): its name, null when HEAD is detached, or
 * undefined when git must be asked (no readable file, a symbolic link, a reftable placeholder, a
 * ref outside `refs/heads/`).
 */
export function headBranch(gitDir: string): string | null | undefined {
  const path = join(gitDir, 'HEAD');
  let head: string;
  try {
    if (lstatSync(path).isSymbolicLink()) return undefined;
    head = readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (/^[0-9a-f]{40,64}$/.test(head)) return null;
  const ref = /^ref:\s*(refs\/heads\/\S+)$/.exec(head)?.[1];
  if (ref === undefined || ref === 'refs/heads/.invalid') return undefined;
  return ref.slice('refs/heads/'.length);
}
