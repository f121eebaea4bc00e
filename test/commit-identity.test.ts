/**
 * `--commit` without a git identity: git would refuse the commit after the flag file was written
 * (and a second try would write a second flag), so every write asked to commit checks the
 * identity first and refuses with git's words and the fix, having written nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTION,
  CHANGE,
  cli,
  createArgs,
  flagFiles,
  git,
  makeRepo,
  spawnCli,
  tempDir,
  type CliResult,
} from './helpers.js';
import { committedFlag } from './flag-repo.js';
import { copyOfOnce } from './template-copy.js';
import { originalDatabase } from './original-db.js';

/** No identity anywhere: an empty home, no system file, and only configured names count. */
function noIdentity(): Record<string, string> {
  const home = tempDir();
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
}

/**
 * A repository with one flag, whose own configuration then loses its identity: a copy of one
 * built once in this file.
 */
function repoWithoutIdentity(): Promise<{ repo: string; id: string }> {
  return copyOfOnce('no-identity', buildWithoutIdentity);
}

async function buildWithoutIdentity(): Promise<{ repo: string; id: string }> {
  const { repo, id } = await committedFlag();
  git(repo, 'config', '--unset', 'user.name');
  git(repo, 'config', '--unset', 'user.email');
  // git would otherwise make up an address from the host's name where it has a domain.
  git(repo, 'config', 'user.useConfigOnly', 'true');
  return { repo, id };
}

/** Everything a write could change: files, the index, every ref (the ledger's too). */
function state(repo: string): string {
  return [
    git(repo, 'status', '--porcelain', '--untracked-files=all'),
    git(repo, 'ls-files', '--stage'),
    git(repo, 'for-each-ref'),
    flagFiles(repo).join('\n'),
  ].join('\n--\n');
}

function expectRefusal(res: CliResult): void {
  expect(res.code).toBe(8);
  expect(res.stderr).toContain('git has no identity to commit with, so nothing was written');
  expect(res.stderr).toMatch(/(Author|Committer) identity unknown/);
  expect(res.stderr).toContain('fix: git config user.name');
  expect(res.stderr).toContain('git config user.email');
}

async function oneFlagDatabase(): Promise<string> {
  return originalDatabase((db) =>
    db.run(
      `INSERT INTO flags (id, flag_type, source_agent, change_description, action_required,
        impact_level, status, locked, created_at) VALUES (1, 'change', '@a.one', ?, ?, 'medium',
        'pending', 0, '2025-03-01 10:05')`,
      [CHANGE, ACTION],
    ),
  );
}

describe('--commit without a git identity', () => {
  it('create (the binary and in-process), lock, unlock and complete refuse before writing', async () => {
    const { repo, id } = await repoWithoutIdentity();
    const env = noIdentity();
    const before = state(repo);
    const create = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];
    expectRefusal(await spawnCli(repo, create, env));
    expectRefusal(await cli(repo, create, env));
    for (const verb of ['lock', 'complete']) {
      expectRefusal(await cli(repo, [verb, id, '--commit', '--by', '@b.two'], env));
    }
    expect(state(repo)).toBe(before);
    expect((await cli(repo, ['lock', id, '--by', '@b.two'], env)).code).toBe(0);
    const locked = state(repo);
    expectRefusal(await cli(repo, ['unlock', id, '--commit', '--by', '@b.two'], env));
    expect(state(repo)).toBe(locked);
  });

  it('import-sqlite --commit refuses before writing', async () => {
    const { repo } = await repoWithoutIdentity();
    const before = state(repo);
    const db = await oneFlagDatabase();
    expectRefusal(await cli(repo, ['import-sqlite', db, '--commit', '--tz', 'UTC'], noIdentity()));
    expect(state(repo)).toBe(before);
  });

  it('an identity from the environment alone is enough: the flag is written and committed', async () => {
    const { repo } = await repoWithoutIdentity();
    const who = { GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.com' };
    const env = { ...noIdentity(), ...who };
    const create = [...createArgs('change', '--commit'), '--by', '@a.one'];
    // The committer is unknown still: refused.
    expectRefusal(await cli(repo, create, env));
    const both = { ...env, GIT_COMMITTER_NAME: 'C', GIT_COMMITTER_EMAIL: 'c@example.com' };
    const res = await cli(repo, create, both);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'log', '-1', '--format=%an %ae / %cn %ce')).toBe(
      'A a@example.com / C c@example.com\n',
    );
  });
});

/** git on PATH through a script that notes each command line in `log`, then runs git. */
function loggedGit(): { env: Record<string, string>; log: string } {
  const dir = tempDir();
  const log = join(dir, 'ran');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(log, '');
  const script = `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`;
  writeFileSync(join(dir, 'git'), script, { mode: 0o755 });
  return { env: { PATH: `${dir}:${process.env.PATH ?? ''}` }, log };
}

describe('--commit with an identity in the config files', () => {
  it('reads it there: no `git var` runs, and the flag is committed', async () => {
    const repo = await makeRepo();
    const { env, log } = loggedGit();
    const res = await cli(repo, [...createArgs('change', '--commit'), '--by', '@a.one'], env);
    expect(res.code).toBe(0);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const ran = readFileSync(log, 'utf8');
    expect(ran).toMatch(/^commit-tree /m);
    expect(ran).not.toMatch(/^var /m);
  });

  it('asks git where git would refuse what the files say: EMAIL alone under user.useConfigOnly', async () => {
    const { repo } = await repoWithoutIdentity();
    git(repo, 'config', 'user.name', 'Test');
    const home = tempDir();
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), EMAIL: 'e@example.com' };
    const before = state(repo);
    const create = [...createArgs('change', '--commit'), '--by', '@a.one'];
    expectRefusal(await cli(repo, create, env));
    expect(state(repo)).toBe(before);
  });
});
