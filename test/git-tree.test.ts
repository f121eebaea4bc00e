import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readObjects } from '../src/git/objects.js';
import { parentTreeName, treeEntryId } from '../src/git/tree.js';
import { git, tempDir } from './helpers.js';

function repoWith(format: 'sha1' | 'sha256'): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main', `--object-format=${format}`);
  for (const path of [
    'a/flags/x.md',
    'a/flags-old/y.md',
    'a/f',
    'flags/z.md',
    'top.txt',
    'a b/é.md',
  ]) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `${path}\n`);
  }
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=t@e', '-c', 'user.name=T', 'commit', '-q', '-m', 'tree');
  return dir;
}

describe('treeEntryId', () => {
  for (const format of ['sha1', 'sha256'] as const) {
    it(`finds every entry of a raw ${format} tree as git names it, and nothing else`, async () => {
      const repo = repoWith(format);
      for (const dir of ['flags', 'a/flags', 'a/f', 'top.txt', 'a b/é.md', 'a/nope', 'nope']) {
        const name = parentTreeName('HEAD', dir);
        const parent = (await readObjects(repo, [name])).get(name);
        expect(parent).toBeDefined();
        if (parent === undefined) continue;
        const base = dir.slice(dir.lastIndexOf('/') + 1);
        const expected = dir.includes('nope') ? null : git(repo, 'rev-parse', `HEAD:${dir}`).trim();
        expect(treeEntryId(parent.content, parent.sha, base)).toBe(expected);
      }
    });
  }
});
