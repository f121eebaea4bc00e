/** Git LFS pointers where a flag's text belongs: told apart by their first line. */

/** The first line of a Git LFS pointer file (git-lfs.com/spec/v1). */
const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1';

/** Why a flag or agent file held as a Git LFS pointer is refused. */
export const LFS_POINTER_REFUSAL =
  'a Git LFS pointer, not the file: .gitattributes sends this path through git-lfs ' +
  '(filter=lfs), and flag and agent files must be plain text in git; see flagstore doctor';

/** A text's first line without a leading byte-order mark, its line break kept (all of it if none). */
export function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end + 1)).replace(/^\uFEFF/, '');
}

/** True when a file's text starts with an LFS pointer's first line (any line break). */
export function isLfsPointer(text: string): boolean {
  return firstLineOf(text).trimEnd() === LFS_POINTER;
}
