/**
 * The one test of a Git LFS pointer's first line (src/core/lfs-pointer.ts), which the flag
 * reader (store/frontmatter.ts) and `--commit`'s check of the blobs it wrote
 * (git/commit-plumbing.ts) both call: a byte-order mark, CRLF and a missing last line break
 * change nothing, and the pointer's line anywhere but first is not a pointer.
 */
import { describe, expect, it } from 'vitest';
import { firstLineOf, isLfsPointer, LFS_POINTER_REFUSAL } from '../src/core/lfs-pointer.js';
import { splitFile } from '../src/store/frontmatter.js';

const LINE = 'version https://git-lfs.github.com/spec/v1';
const REST =
  'oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';

describe('a Git LFS pointer told by its first line', () => {
  it.each([
    ['LF', `${LINE}\n${REST}`],
    ['CRLF', `${LINE}\r\n${REST.replace(/\n/g, '\r\n')}`],
    ['a byte-order mark', `\uFEFF${LINE}\n${REST}`],
    ['no line break', LINE],
  ])('is a pointer with %s, and the flag reader refuses it as one', (_, text) => {
    expect(isLfsPointer(text)).toBe(true);
    expect(() => splitFile(text)).toThrow(LFS_POINTER_REFUSAL);
  });

  it('is not a pointer when the line comes later, nor a flag', () => {
    const text = `hello\n${LINE}\n`;
    expect(isLfsPointer(text)).toBe(false);
    expect(() => splitFile(text)).toThrow('missing front matter');
  });

  it('takes the first line with its break, without a byte-order mark', () => {
    expect(firstLineOf('\uFEFF---\r\nid: x\n')).toBe('---\r\n');
    expect(firstLineOf('one line')).toBe('one line');
  });
});
