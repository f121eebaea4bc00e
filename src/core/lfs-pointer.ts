/** Git LFS pointers where a flag's text belongs: told apart by their first line. */

/** The first line of a Git LFS pointer file (git-lfs.com/spec/v1). */
const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1';

/** Why a flag or agent file held as a Git LFS pointer is refused. */
export const LFS_POINTER_REFUSAL =
  'a Git LFS pointer, not the file: .gitattributes sends this path through git-lfs ' +
  '(filter=lfs), and flag and agent files must be plain text in git; see flagstore doctor';

/** True when a file's first line (its line break and a byte-order mark aside) is an LFS pointer's. */
export function isLfsPointerLine(firstLine: string): boolean {
  return firstLine.replace(/^\uFEFF/, '').trimEnd() === LFS_POINTER;
}
