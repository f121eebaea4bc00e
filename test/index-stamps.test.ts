import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempDir } from './helpers.js';
import { refreshIndex } from './index-stamps.js';

/** A committed repository: files, a nested one, an executable, a symbolic link, attributes. */
function committed(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'flags', 'a'), { recursive: true });
  for (const name of ['same.md', 'edited.md', 'gone.md', 'exec.sh', 'flags/a/deep.md']) {
    writeFileSync(join(dir, name), `${name}\n`);
  }
  chmodSync(join(dir, 'exec.sh'), 0o755);
  // As makeRepo's: line ends and a merge driver, which leave LF files' bytes as they are.
  writeFileSync(join(dir, '.gitattributes'), '*.md text eol=lf merge=union\n');
  symlinkSync('same.md', join(dir, 'link'));
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
  return dir;
}

/** Copies `from` and changes the copy's files: one edited, one removed, one mode dropped. */
function changedCopy(from: string): string {
  const dir = tempDir();
  cpSync(from, dir, { recursive: true, verbatimSymlinks: true });
  writeFileSync(join(dir, 'edited.md'), 'other text\n');
  rmSync(join(dir, 'gone.md'));
  chmodSync(join(dir, 'exec.sh'), 0o644);
  // Older than the index written next: git trusts their stamps, not racily clean ones.
  const before = Date.now() / 1000 - 3600;
  const names = [
    'same.md',
    'edited.md',
    'exec.sh',
    'flags/a/deep.md',
    'crlf.md',
    'ident.md',
    'link',
  ];
  for (const name of names) {
    if (existsSync(join(dir, name))) utimesSync(join(dir, name), before, before);
  }
  return dir;
}

/** What git finds changed by the index's stamps alone (`diff-files` refreshes nothing). */
function stampsSay(dir: string): string {
  return git(dir, 'diff-files', '--name-status');
}

describe('refreshIndex, makeRepo and the copies of templates', () => {
  it('leaves the index as git update-index --refresh does: only changed files differ', () => {
    const template = committed();
    const [ours, gits] = [changedCopy(template), changedCopy(template)];
    expect(stampsSay(ours)).toContain('M\tsame.md');
    refreshIndex(ours);
    git(gits, 'update-index', '-q', '--refresh');
    expect(stampsSay(ours)).toBe(stampsSay(gits));
    expect(stampsSay(ours).split('\n').filter(Boolean).sort()).toEqual([
      'D\tgone.md',
      'M\tedited.md',
      'M\texec.sh',
    ]);
    // The index is one git accepts (its checksum) and its stamps are the files' own.
    expect(git(ours, 'status', '--porcelain')).toBe(git(gits, 'status', '--porcelain'));
  });

  it('leaves to git a file it reads otherwise than as its bytes (line ends to convert)', () => {
    const template = committed();
    const commit = (...paths: string[]): void => {
      git(template, 'add', ...paths);
      git(template, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'x');
    };
    // Committed with CRLF under no attributes, then marked text: its bytes are the blob's, but
    // git's reading of them (CRLF to LF) is not, so git finds it changed.
    writeFileSync(join(template, '.gitattributes'), '');
    writeFileSync(join(template, 'crlf.md'), 'crlf\r\n');
    commit('.gitattributes', 'crlf.md');
    writeFileSync(join(template, '.gitattributes'), '*.md text\n');
    commit('.gitattributes');
    const [ours, gits] = [changedCopy(template), changedCopy(template)];
    refreshIndex(ours);
    git(gits, 'update-index', '-q', '--refresh');
    expect(stampsSay(gits)).toContain('M\tcrlf.md');
    expect(stampsSay(ours)).toBe(stampsSay(gits));
  });

  /** Copies of `template` refreshed by each: what git's stamps then say of each. */
  function bothRefreshed(template: string): [string, string] {
    const [ours, gits] = [changedCopy(template), changedCopy(template)];
    refreshIndex(ours);
    git(gits, 'update-index', '-q', '--refresh');
    return [stampsSay(ours), stampsSay(gits)];
  }

  it('leaves to git a file an attribute makes it read otherwise than its bytes (ident)', () => {
    const template = committed();
    writeFileSync(join(template, '.gitattributes'), '*.md text eol=lf\nident.md ident\n');
    writeFileSync(join(template, 'ident.md'), '$Id$\n');
    git(template, 'add', '.gitattributes', 'ident.md');
    git(template, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'x');
    // Checked out again: the file holds `$Id: <blob> $`, git reads it as the blob's `$Id$`.
    rmSync(join(template, 'ident.md'));
    git(template, 'checkout', '--', 'ident.md');
    const [ours, gits] = bothRefreshed(template);
    expect(gits).not.toContain('ident.md');
    expect(ours).toBe(gits);
  });

  it('leaves to git a file a setting makes it read otherwise (core.symlinks=false)', () => {
    const template = committed();
    // The link checked out as a plain file holding its target, which git compares as a link.
    git(template, 'config', 'core.symlinks', 'false');
    rmSync(join(template, 'link'));
    git(template, 'checkout', '--', 'link');
    const [ours, gits] = bothRefreshed(template);
    expect(gits).not.toContain('link');
    expect(ours).toBe(gits);
  });
});
