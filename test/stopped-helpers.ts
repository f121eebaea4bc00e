/** Shared by the tests of `--commit` while a git operation is stopped in the work tree. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagFiles, git } from './helpers.js';

/** Commits `text` as code.txt on what is checked out in `dir`. */
export function commitCode(dir: string, text: string): void {
  writeFileSync(join(dir, 'code.txt'), `${text}\n`);
  git(dir, 'add', 'code.txt');
  git(dir, 'commit', '-q', '--no-verify', '-m', text);
}

/** What a refused write must leave as it was: files, index, HEAD, branches, the flag files. */
export function state(dir: string): string {
  return [
    git(dir, 'status', '--porcelain', '--untracked-files=all'),
    git(dir, 'rev-parse', 'HEAD'),
    git(dir, 'for-each-ref'),
    git(dir, 'ls-files', '--stage'),
    flagFiles(dir).join(','),
  ].join('\n');
}
