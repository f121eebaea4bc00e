/** File patterns of gate configuration: globs, where a pattern without `/` matches base names. */
import { createRequire } from 'node:module';
import type picomatchType from 'picomatch';

const requireCjs = createRequire(import.meta.url);
let picomatch: typeof picomatchType | null = null;

const GLOB_CHARS = /[*?[\]{}()!+@]/;

const compiled = new Map<string, (path: string) => boolean>();

/** A predicate for repository-relative paths matching `pattern` (the matcher loads on first glob). */
export function globMatcher(pattern: string): (path: string) => boolean {
  let matcher = compiled.get(pattern);
  if (matcher === undefined) {
    matcher = compile(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher;
}

function compile(pattern: string): (path: string) => boolean {
  const basename = !pattern.includes('/');
  if (!GLOB_CHARS.test(pattern)) {
    return basename
      ? (path) => path === pattern || path.endsWith(`/${pattern}`)
      : (path) => path === pattern;
  }
  picomatch ??= requireCjs('picomatch') as typeof picomatchType;
  const match = picomatch(pattern, { dot: true, basename });
  return (path) => match(path);
}
