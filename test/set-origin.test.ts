import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempDir } from './helpers.js';
import { setOrigin } from './ledger-helpers.js';

/** Two repositories with the same remotes (name and url, in order). */
function pair(remotes: [string, string][]): [string, string] {
  const dirs = [tempDir(), tempDir()] as [string, string];
  for (const dir of dirs) {
    git(dir, 'init', '-q');
    for (const [name, url] of remotes) git(dir, 'remote', 'add', name, url);
  }
  return dirs;
}

const config = (dir: string): string => readFileSync(join(dir, '.git', 'config'), 'utf8');

describe("setOrigin, the cluster copies' git remote set-url origin", () => {
  it('writes the config git remote set-url origin writes', () => {
    const [was, url] = [tempDir(), tempDir()];
    const [ours, gits] = pair([['origin', was]]);
    setOrigin(ours, url);
    git(gits, 'remote', 'set-url', 'origin', url);
    expect(config(ours)).toBe(config(gits));
  });

  it('moves origin, not another remote holding the url it was given', () => {
    const [was, other, url] = [tempDir(), tempDir(), tempDir()];
    const [ours, gits] = pair([
      ['upstream', was],
      ['origin', other],
    ]);
    setOrigin(ours, url);
    git(gits, 'remote', 'set-url', 'origin', url);
    expect(config(ours)).toBe(config(gits));
  });
});
