/** File patterns of gate configuration: globs, where a pattern without `/` matches base names. */
import picomatch from 'picomatch';

/** A predicate for repository-relative paths matching `pattern`. */
export function globMatcher(pattern: string): (path: string) => boolean {
  const match = picomatch(pattern, { dot: true, basename: !pattern.includes('/') });
  return (path) => match(path);
}
