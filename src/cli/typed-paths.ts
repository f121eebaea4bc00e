/**
 * File names a user typed in a subfolder of the repository, named from its root as a flag's
 * reader needs them (`create --files`, `--location`). A name that exists from the folder, or
 * that starts with ./ or ../, is resolved; anything else (a name already from the root, a
 * glob) is kept as typed, and so is everything typed at the root or outside the repository.
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { splitList } from '../core/validate.js';

/** The path options of `create`, as typed. */
export interface TypedPaths {
  files?: string | undefined;
  location?: string | undefined;
}

/** The options with their paths named from the repository's root. */
export function pathsFromRoot(root: string, cwd: string, typed: TypedPaths): TypedPaths {
  const folder = subfolder(root, cwd);
  if (folder === null) return typed;
  const one = (p: string): string => fromRoot(root, folder, p);
  const { files, location } = typed;
  const colon = location?.lastIndexOf(':') ?? -1;
  return {
    files: files === undefined ? undefined : splitList(files).map(one).join(','),
    location:
      location === undefined || colon <= 0
        ? location
        : `${one(location.slice(0, colon))}${location.slice(colon)}`,
  };
}

/** The working folder when it is a subfolder of the root, else null. */
function subfolder(root: string, cwd: string): string | null {
  let real: string;
  try {
    real = realpathSync(cwd);
  } catch {
    return null;
  }
  const rel = relative(root, real);
  return rel === '' || isOutside(rel) ? null : real;
}

function fromRoot(root: string, folder: string, typed: string): string {
  if (isAbsolute(typed)) return typed;
  const climbs = typed.startsWith('./') || typed.startsWith('../');
  const full = resolve(folder, typed);
  if (!climbs && !existsSync(full)) return typed;
  const rel = relative(root, full);
  return isOutside(rel) ? typed : rel.split(sep).join('/');
}

function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}
