/** Hardening (issue 14): invalid UTF-8 in text a transition or a merge does not touch is kept. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { copyOfOnce } from './template-copy.js';
import { ledgerPath } from '../src/core/ledger-layout.js';

/** Lines with invalid UTF-8: Latin-1 bytes, a lone lead byte, 0xFF, an overlong slash. */
const BAD_PROSE = Buffer.concat([
  Buffer.from('The users table (caf'),
  Buffer.from([0xe9, 0x20, 0xc3, 0x20, 0xff, 0xfe, 0x20, 0xc0, 0xaf]),
  Buffer.from(') gained a preferences JSON column for personalisation.'),
]);
const BAD_COMMENT = Buffer.concat([
  Buffer.from('# r'),
  Buffer.from([0xe9, 0x73, 0x75, 0x6d, 0xe9]),
]);

/**
 * A committed flag whose prose and a front-matter comment hold invalid UTF-8: a copy of one
 * built once in this file (its commit runs the hook, which lets the bytes through).
 */
async function repoWithBadBytes(): Promise<{ repo: string; id: string; path: string }> {
  const { repo, id } = await copyOfOnce('bad-bytes', buildBadBytes);
  return { repo, id, path: join(repo, 'flags', `${id}.md`) };
}

async function buildBadBytes(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  const path = join(repo, 'flags', `${id}.md`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const prose = lines.findIndex((l) => l.startsWith('The users table'));
  const parts = lines.map((l) => Buffer.from(l));
  parts[prose] = BAD_PROSE;
  parts.splice(2, 0, BAD_COMMENT);
  writeFileSync(
    path,
    Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from('\n'), p]))),
  );
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'flag with invalid UTF-8');
  return { repo, id };
}

function expectKept(path: string): Buffer {
  const bytes = readFileSync(path);
  expect(bytes.includes(Buffer.concat([Buffer.from('\n'), BAD_PROSE, Buffer.from('\n')]))).toBe(
    true,
  );
  expect(bytes.includes(Buffer.concat([Buffer.from('\n'), BAD_COMMENT, Buffer.from('\n')]))).toBe(
    true,
  );
  expect(bytes.includes(Buffer.from('\uFFFD'))).toBe(false);
  return bytes;
}

describe('invalid UTF-8', () => {
  it('is recorded in the ledger byte for byte, and not again while it is unchanged', async () => {
    const { repo, id, path } = await repoWithBadBytes();
    expect((await cli(repo, ['init'])).code).toBe(0);
    const blob = execFileSync('git', ['cat-file', 'blob', `flagstore:${ledgerPath('flags', id)}`], {
      cwd: repo,
    });
    expect(blob.equals(readFileSync(path))).toBe(true);
    const tip = git(repo, 'rev-parse', 'flagstore');
    expect((await cli(repo, ['init'])).code).toBe(0);
    expect(git(repo, 'rev-parse', 'flagstore')).toBe(tip);
  });

  it('survives lock, unlock and complete byte for byte, beside new UTF-8 text', async () => {
    const { repo, id, path } = await repoWithBadBytes();
    expect((await cli(repo, ['validate'])).code).toBe(0);
    for (const args of [
      ['lock', id, '--by', '@b.two'],
      ['unlock', id, '--by', '@b.two'],
      ['lock', id, '--by', '@b.two'],
      ['complete', id, '--by', '@b.two', '--notes', 'done – naïve café'],
    ]) {
      const res = await cli(repo, args);
      expect(res.code, res.stderr).toBe(0);
      expectKept(path);
    }
    expect(readFileSync(path).includes(Buffer.from('done – naïve café'))).toBe(true);
  });

  it('survives the merge driver', async () => {
    const { repo, id, path } = await repoWithBadBytes();
    git(repo, 'branch', 'other');
    expect((await cli(repo, ['lock', id, '--by', '@b.two', '--commit'])).code).toBe(0);
    git(repo, 'checkout', '-q', 'other');
    // The ledger shares the lock with every branch: --force completes past it, so the two
    // branches commit a lock and a completion for the merge driver to meet.
    const args = ['complete', id, '--by', '@c.three', '--notes', 'fixed', '--commit', '--force'];
    const done = await cli(repo, args);
    expect(done.code, done.stderr).toBe(0);
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '-q', '--no-edit', 'other');
    expectKept(path);
    const shown = await cli(repo, ['--json', 'show', id]);
    expect(shown.json<{ flag: { status: string } }>().flag.status).toBe('completed');
  });
});
