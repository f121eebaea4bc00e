/**
 * The critical block's cached verdict (src/gates/verdict.ts) is never stale: whatever changes
 * the answer changes the verdict of the very next real `git commit` through the installed hook.
 * Each test warms the cache with a passing commit first. The first test commits through the
 * hook; the others are about what changes the verdict, not about the hook, and run the hook's
 * entry in this process instead (`gateBlocksInProcess`: no `git commit`, no node process).
 */
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relatedNotices } from '../src/gates/critical.js';
import type { FlagSummary } from '../src/gates/staged-flags.js';
import { mayNotice, relatedIndex } from '../src/gates/verdict.js';
import { cli, createArgs, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { flag, gateBlocks, gateBlocksInProcess } from './gate-helpers.js';
import { cloneOf, repoWithRemote } from './ledger-helpers.js';

const CRITICAL = ['security', '--impact', 'critical', '--to', '@b.two'];

function verdictFile(gitDir: string): string {
  return join(gitDir, 'flagstore', 'cache-verdict.json');
}

describe('the cached verdict of the critical block', () => {
  it('a critical flag created, then completed, by another process decides the very next commit', async () => {
    const repo = await makeRepo();
    expect(gateBlocks(repo)).toBe(false);
    expect(existsSync(verdictFile(join(repo, '.git')))).toBe(true);
    const made = await spawnCli(repo, ['--json', ...createArgs(...CRITICAL), '--by', '@a.one']);
    expect(made.code).toBe(0);
    expect(gateBlocks(repo)).toBe(true);
    const id = made.json<{ flag: { id: string } }>().flag.id;
    const done = await spawnCli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done']);
    expect(done.code).toBe(0);
    expect(gateBlocks(repo)).toBe(false);
  });

  it('a critical flag created, then completed, in another worktree decides the very next commit', async () => {
    const repo = await makeRepo();
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', '-b', 'other', other);
    expect(await gateBlocksInProcess(repo)).toBe(false);
    expect(await gateBlocksInProcess(other)).toBe(false);
    const id = await flag(other, '@a.one', ...CRITICAL);
    expect(await gateBlocksInProcess(repo)).toBe(true);
    expect((await cli(other, ['complete', id, '--by', '@b.two', '--notes', 'done'])).code).toBe(0);
    expect(await gateBlocksInProcess(repo)).toBe(false);
  });

  it('a flags folder below the top decides the next commit too (its id is read from its parent)', async () => {
    const repo = await makeRepo();
    const config = join(repo, '.flagstore.yml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('flags_dir: flags', 'flags_dir: team/flags'),
    );
    git(repo, 'add', '.flagstore.yml');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'nested flags folder');
    expect(await gateBlocksInProcess(repo)).toBe(false);
    const id = await flag(repo, '@a.one', ...CRITICAL);
    expect(existsSync(join(repo, 'team', 'flags', `${id}.md`))).toBe(true);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'the flag');
    expect(await gateBlocksInProcess(repo)).toBe(true);
    expect((await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done'])).code).toBe(0);
    expect(await gateBlocksInProcess(repo)).toBe(false);
  });

  it('a commit by the agent a critical flag is for is blocked right after one by another agent passed', async () => {
    const repo = await makeRepo();
    await flag(repo, '@a.one', ...CRITICAL);
    expect(await gateBlocksInProcess(repo, { FLAGSTORE_AGENT: '@c.three' })).toBe(false);
    expect(await gateBlocksInProcess(repo, { FLAGSTORE_AGENT: '@b.two' })).toBe(true);
    git(repo, 'config', 'flagstore.agent', '@c.three');
    expect(await gateBlocksInProcess(repo)).toBe(false);
    git(repo, 'config', 'flagstore.agent', '@b.two');
    expect(await gateBlocksInProcess(repo)).toBe(true);
  });

  it('a critical flag arriving by git pull blocks the very next commit; checkouts switch the verdict', async () => {
    const { bare, repo: writer } = await repoWithRemote();
    const here = await cloneOf(bare, 'here');
    expect(await gateBlocksInProcess(here)).toBe(false);
    const before = git(here, 'rev-parse', 'HEAD').trim();
    // Committed in another clone: this clone's ledger never hears of it, only its HEAD does.
    await flag(writer, '@a.one', ...CRITICAL);
    git(writer, 'add', '-A');
    git(writer, 'commit', '-q', '--no-verify', '-m', 'a critical flag');
    git(writer, 'push', '-q');
    git(here, 'pull', '-q', '--rebase');
    expect(await gateBlocksInProcess(here)).toBe(true);
    git(here, 'checkout', '-q', '--detach', before);
    expect(await gateBlocksInProcess(here)).toBe(false);
    git(here, 'checkout', '-q', 'main');
    expect(await gateBlocksInProcess(here)).toBe(true);
  });
});

const segment = fc.constantFrom('src', 'a', 'b.ts', 'users.ts', 'lib', 'x', 'n\nl');
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const related = fc.oneof(
  path,
  path.map((p) => `./${p}`),
  path.map((p) => `${p}/`),
  path.map((p) => `${p}:12`),
  fc.constantFrom(
    '*.ts',
    'src/*.ts',
    'src/**',
    '**/users.ts',
    'a/?',
    '',
    '/',
    './',
    'src/{a,b}.ts',
  ),
);

function pendingWith(files: string[][]): FlagSummary[] {
  return files.map((related_files, i) => ({
    id: `F${i}`,
    flag_type: 'change',
    source_agent: '@a.one',
    target_agent: null,
    impact_level: 'low',
    locked: false,
    created_at: '2026-01-01T00:00:00Z',
    change: 'x',
    related_files,
  }));
}

describe('the related-files index of the cached verdict', () => {
  it('never says "no notice" when the full read finds one', () => {
    let noticed = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(related, { maxLength: 3 }), { maxLength: 4 }),
        // More than 16 staged paths (a big commit) search the index another way.
        fc.oneof(
          fc.array(path, { maxLength: 4 }),
          fc.array(path, { minLength: 17, maxLength: 30 }),
        ),
        (files, staged) => {
          const pending = pendingWith(files);
          if (relatedNotices(pending, staged).length > 0) {
            noticed++;
            expect(mayNotice(relatedIndex(pending), staged)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The property says nothing unless notices were found, often.
    expect(noticed).toBeGreaterThan(100);
  });

  it('says "no notice" for staged paths no pending flag relates to', () => {
    const index = relatedIndex(pendingWith([['src/api/users.ts'], ['docs/*.md']]));
    expect(mayNotice(index, ['src/web/app.ts', 'README.md'])).toBe(false);
    expect(mayNotice(index, ['src/api/users.ts'])).toBe(true);
    expect(mayNotice(index, ['docs/guide.md'])).toBe(true);
    const many = Array.from({ length: 20 }, (_, i) => `lib/file${i}.ts`);
    expect(mayNotice(index, many)).toBe(false);
    expect(mayNotice(index, [...many, 'src/api/users.ts'])).toBe(true);
  });
});
