/** Hardening (issue 14): CRLF files, conflict markers, temp files, symlinks, invalid UTF-8. */
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, git, makeRepo, readFlag, tempDir } from './helpers.js';
import { copyOfOnce } from './template-copy.js';

const AGENT = [
  '---',
  'name: db.pg',
  'description: Postgres expert for the schema, migrations and query plans.',
  'tools: Read, Grep',
  '---',
  '',
  'You are the database agent.',
  '',
].join('\n');

function crlf(path: string): void {
  writeFileSync(path, readFileSync(path, 'utf8').replace(/\r?\n/g, '\r\n'));
}

/**
 * A repository with one committed flag for @b.two and one agent file: a copy of one built once
 * in this file (its commit runs the hook).
 */
async function repoWithFlag(): Promise<{ repo: string; id: string; path: string }> {
  const { repo, id } = await copyOfOnce('flag-and-agent', buildFlagAndAgent);
  return { repo, id, path: join(repo, 'flags', `${id}.md`) };
}

async function buildFlagAndAgent(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  mkdirSync(join(repo, 'agents'), { recursive: true });
  writeFileSync(join(repo, 'agents', 'db.pg.md'), AGENT);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'flag and agent');
  return { repo, id };
}

describe('CRLF line ends', () => {
  it('flag files, agent files and the config read with CRLF, and transitions keep CRLF', async () => {
    const { repo, id, path } = await repoWithFlag();
    crlf(path);
    crlf(join(repo, 'agents', 'db.pg.md'));
    writeFileSync(join(repo, '.flagstore.yml'), 'flags_dir: flags\r\nagents_dir: agents\r\n');
    const listed = await cli(repo, ['--json', 'list']);
    expect(listed.json<{ flags: { id: string }[] }>().flags.map((f) => f.id)).toEqual([id]);
    expect((await cli(repo, ['validate'])).code).toBe(0);
    expect((await cli(repo, ['check'])).code).toBe(0);
    const agents = await cli(repo, ['--json', 'agents', 'list']);
    expect(agents.stdout).toContain('@db.pg');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const done = await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done']);
    expect(done.code, done.stderr).toBe(0);
    const text = readFlag(repo, id);
    expect(text.split('\r\n').slice(0, -1).join('')).not.toContain('\n');
    expect(text).toContain('status: completed\r\n');
    const shown = await cli(repo, ['--json', 'show', id]);
    expect(shown.json<{ flag: { notes: string } }>().flag.notes).toBe('done');
  });
});

describe('merge conflict markers', () => {
  it('fail validate and check in flag and agent files, even when committed with --no-verify', async () => {
    const { repo, id, path } = await repoWithFlag();
    const text = readFileSync(path, 'utf8').replace(
      'The users table',
      '<<<<<<< ours\nThe users table\n=======\nThe people table\n>>>>>>> theirs\nThe users table',
    );
    writeFileSync(path, text);
    const agentPath = join(repo, 'agents', 'db.pg.md');
    writeFileSync(agentPath, `${AGENT}<<<<<<< HEAD\nmine\n=======\nyours\n>>>>>>> other\n`);
    git(repo, 'commit', '-q', '--no-verify', '-am', 'conflicted');
    const markerLine = text.split('\n').indexOf('<<<<<<< ours') + 1;
    const validated = await cli(repo, ['validate']);
    expect(validated.code).toBe(3);
    expect(validated.stdout).toContain(
      `flags/${id}.md:${markerLine}: error: merge conflict marker`,
    );
    expect(validated.stdout).toContain('agents/db.pg.md:8: error: merge conflict marker');
    const checked = await cli(repo, ['--json', 'check']);
    expect(checked.code).toBe(3);
    const findings = checked.json<{ findings: { path: string; message: string }[] }>().findings;
    const marked = findings.filter((f) => f.message.includes('merge conflict marker'));
    expect(new Set(marked.map((f) => f.path))).toEqual(
      new Set(['agents/db.pg.md', `flags/${id}.md`]),
    );
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(3);
  });
});

/** Files in a folder whose names look like temp files. */
function tempNames(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp'));
}

describe('temp files', () => {
  it('are ignored by readers, removed once stale, and never committed by sync', async () => {
    const bare = join(tempDir(), 'remote.git');
    git(tempDir(), 'init', '-q', '--bare', '-b', 'main', bare);
    const { repo, id } = await repoWithFlag();
    git(repo, 'remote', 'add', 'origin', bare);
    git(repo, 'push', '-q', '-u', 'origin', 'main');
    const stale = `.${id}.md.4242.0badc0de.tmp`;
    const fresh = `.${id}.md.4243.0badc0df.tmp`;
    for (const name of [stale, fresh, `.db.pg.md.4244.0badc0e0.tmp`]) {
      const dir = name.startsWith('.db') ? join(repo, 'agents') : join(repo, 'flags');
      writeFileSync(join(dir, name), readFileSync(join(repo, 'flags', `${id}.md`)));
    }
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(repo, 'flags', stale), hourAgo, hourAgo);
    const listed = await cli(repo, ['--json', 'list', '--status', 'all']);
    expect(listed.json<{ flags: unknown[] }>().flags).toHaveLength(1);
    expect(tempNames(join(repo, 'flags'))).toEqual([fresh]);
    const validated = await cli(repo, ['--json', 'validate']);
    expect(validated.code).toBe(0);
    expect(validated.stdout).not.toContain('.tmp');
    expect((await cli(repo, ['check'])).code).toBe(0);
    const head = git(repo, 'rev-parse', 'HEAD');
    const locked = await cli(repo, ['lock', id, '--by', '@b.two', '--sync']);
    expect(locked.code, locked.stderr).toBe(0);
    expect((await cli(repo, ['sync'])).code).toBe(0);
    // Sync records flags in the ledger branch and pushes only that; the user's branch is untouched.
    expect(git(bare, 'log', '--format=%B', 'flagstore')).toContain('Flagstore-Action: lock');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    for (const [where, ref] of [
      [repo, 'flagstore'],
      [bare, 'flagstore'],
      [repo, 'HEAD'],
      [repo, 'origin/main'],
    ] as const) {
      const names = git(where, 'ls-tree', '-r', '--name-only', ref);
      expect(names).toContain(`${id}.md`);
      expect(names).not.toContain('.tmp');
    }
    // The fresh one is left for its writer, out of sight: init's .gitignore rule ignores it.
    expect(git(repo, 'status', '--porcelain', '--ignored')).toContain(`!! flags/${fresh}`);
  });
});

describe('symlinks out of the repository', () => {
  it('a flags folder that leads outside is refused, and nothing is written there', async () => {
    const repo = await makeRepo();
    const outside = join(tempDir(), 'elsewhere');
    mkdirSync(outside);
    rmSync(join(repo, 'flags'), { recursive: true, force: true });
    symlinkSync(outside, join(repo, 'flags'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flags is a symlink');
    const created = await cli(repo, createArgs('change', '--by', '@a.one', '--to', '@b.two'));
    expect(created.code).toBe(3);
    expect(created.stderr).toContain('leads outside the repository');
    expect(readdirSync(outside)).toEqual([]);
    expect((await cli(repo, ['list'])).code).toBe(3);
    rmSync(join(repo, 'flags'));
    mkdirSync(join(repo, 'store', 'flags'), { recursive: true });
    symlinkSync(join('store', 'flags'), join(repo, 'flags'));
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect(readdirSync(join(repo, 'store', 'flags'))).toHaveLength(1);
  });

  it('an agent file linked from outside is not read; one linked from inside is', async () => {
    const { repo } = await repoWithFlag();
    const secret = join(tempDir(), 'secret.md');
    const secretAgent = AGENT.replace('db.pg', 'leak.me')
      .replace('Postgres expert', 'Keeper of the hidden plans')
      .replace('You are', 'TOP SECRET');
    writeFileSync(secret, secretAgent);
    symlinkSync(secret, join(repo, 'agents', 'leak.me.md'));
    mkdirSync(join(repo, 'docs'));
    writeFileSync(join(repo, 'docs', 'api.gw.md'), AGENT.replace('db.pg', 'api.gw'));
    symlinkSync(join('..', 'docs', 'api.gw.md'), join(repo, 'agents', 'api.gw.md'));
    const listed = await cli(repo, ['--json', 'agents', 'list']);
    const catalog = listed.json<{
      agents: { handle: string }[];
      not_loaded: { file: string; reason: string }[];
    }>();
    expect(catalog.agents.map((a) => a.handle)).toEqual(['@api.gw', '@db.pg']);
    // The link itself is named among the files that did not load; what it leads to is not read.
    expect(catalog.not_loaded).toEqual([
      { file: 'agents/leak.me.md', reason: expect.stringContaining('outside the repository') },
    ]);
    expect(listed.stdout).not.toContain('@leak.me');
    expect(listed.stdout).not.toContain('hidden plans');
    expect(listed.stdout).not.toContain('TOP SECRET');
    const shown = await cli(repo, ['agents', 'show', '@leak.me']);
    expect(shown.code).not.toBe(0);
    expect(shown.stdout + shown.stderr).not.toContain('TOP SECRET');
    const validated = await cli(repo, ['validate']);
    expect(validated.code).toBe(3);
    expect(validated.stdout).toContain('agents/leak.me.md:1: error: the file is a symlink to');
    const checked = await cli(repo, ['check']);
    expect(checked.code).toBe(3);
    expect(checked.stdout).toContain('outside the repository');
  });
});
