/** File patterns of gate configuration: globs, where a pattern without `/` matches base names. */
import { createRequire } from 'node:module';
import type picomatchType from 'picomatch';

const requireCjs = createRequire(import.meta.url);
let picomatch: typeof picomatchType | null = null;

const GLOB_CHARS = /[*?[\]{}()!+@]/;

/** True when a pattern holds a glob character (else it names a path, or a base name). */
export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * The folder part of a pattern before its first glob character (`src/a/*.ts` -> `src/a/`):
 * a path that does not start with it cannot match, so no matcher needs compiling for it.
 * Patterns without `/` match base names anywhere, so theirs is empty.
 */
export function staticPrefix(pattern: string): string {
  if (!pattern.includes('/')) return '';
  const at = pattern.search(GLOB_CHARS);
  const head = at < 0 ? pattern : pattern.slice(0, at);
  return head.slice(0, head.lastIndexOf('/') + 1);
}

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
