import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cli,
  createArgs,
  createFlag,
  flagFiles,
  git,
  makeRepo,
  readFlag,
  tempDir,
} from './helpers.js';

interface FlagJson {
  id: string;
  status: string;
  locked: boolean;
  locked_by: string | null;
  lock_state: string;
  impact_level: string;
  completed_by: string | null;
  notes: string | null;
}

describe('flag lifecycle through the CLI', () => {
  it('creates a flag file with seed field names and body sections', async () => {
    const repo = await makeRepo();
    const id = await createFlag(
      repo,
      '@database.postgres',
      'breaking_change',
      '--to',
      'backend.api',
      '--impact',
      'high',
      '--files',
      'a.ts, b.ts',
      '--context',
      '{"table":"users"}',
      '--location',
      'db/schema.sql:12',
    );
    expect(flagFiles(repo)).toEqual([`${id}.md`]);
    const text = readFlag(repo, id);
    expect(text).toMatch(/^---\nid: /);
    expect(text).toContain('target_agent: "@backend.api"');
    expect(text).toContain('code_location: db/schema.sql:12');
    expect(text).toContain('## Change description\n\nThe users table');
    expect(text).toContain('## Action required\n\nUpdate the loaders');
    const shown = (await cli(repo, ['--json', 'show', id.slice(0, 12)])).json<{
      flag: FlagJson & { related_files: string[]; context: unknown };
    }>();
    expect(shown.flag.related_files).toEqual(['a.ts', 'b.ts']);
    expect(shown.flag.context).toEqual({ table: 'users' });
  });

  it('lists pending flags for an agent by priority, then oldest first, locked ones marked', async () => {
    const repo = await makeRepo();
    const low = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--impact', 'low');
    const medium1 = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const critical = await createFlag(
      repo,
      '@a.one',
      'security',
      '--to',
      '@b.two',
      '--impact',
      'critical',
    );
    const medium2 = await createFlag(repo, '@a.one', 'refactor', '--to', '@b.two');
    await createFlag(repo, '@a.one', 'change', '--to', '@c.three', '--impact', 'high');
    await cli(repo, ['lock', medium2, '--by', '@b.two']);
    const res = await cli(repo, ['--json', 'list', '--for', '@b.two']);
    const flags = res.json<{ flags: FlagJson[] }>().flags;
    expect(flags.map((f) => f.id)).toEqual([critical, medium1, medium2, low]);
    expect(flags[2]?.lock_state).toBe('held');
    const human = await cli(repo, ['list', '--for', 'b.two']);
    expect(human.stdout).toMatch(/locked @b\.two/);
    expect(human.stdout.split('\n')[1]).toMatch(/critical/);
  });

  it('refuses a lock held by someone else, naming the holder, and lets the holder unlock', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const refused = await cli(repo, ['--json', 'lock', id, '--by', '@c.three']);
    expect(refused.code).toBe(6);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain(
      'locked by @b.two',
    );
    const notHolder = await cli(repo, ['unlock', id, '--by', '@c.three']);
    expect(notHolder.code).toBe(6);
    expect(notHolder.stderr).toContain('only the holder');
    expect((await cli(repo, ['unlock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(repo, ['lock', id, '--by', '@c.three'])).code).toBe(0);
    expect((await cli(repo, ['unlock', id, '--by', '@b.two', '--force'])).code).toBe(0);
    const after = (await cli(repo, ['--json', 'show', id])).json<{ flag: FlagJson }>().flag;
    expect(after.locked).toBe(false);
  });

  it('treats an expired lock as blocking nobody and shows it as expired', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    await cli(repo, ['lock', id, '--by', '@b.two', '--ttl', '1s']);
    await new Promise((r) => setTimeout(r, 1100));
    const shown = (await cli(repo, ['--json', 'show', id])).json<{ flag: FlagJson }>().flag;
    expect(shown.lock_state).toBe('expired');
    expect((await cli(repo, ['list', '--for', '@b.two'])).stdout).toContain('lock expired');
    const taken = await cli(repo, ['--json', 'lock', id, '--by', '@c.three']);
    expect(taken.code).toBe(0);
    expect(taken.json<{ flag: FlagJson }>().flag.locked_by).toBe('@c.three');
  });

  it('completes once, records who and notes, and refuses a second completion', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    await cli(repo, ['lock', id, '--by', '@c.three']);
    const blocked = await cli(repo, ['complete', id, '--by', '@b.two']);
    expect(blocked.code).toBe(6);
    const done = await cli(repo, [
      '--json',
      'complete',
      id,
      '--by',
      '@b.two',
      '--force',
      '--notes',
      'Handlers updated.',
    ]);
    expect(done.code).toBe(0);
    const flag = done.json<{ flag: FlagJson }>().flag;
    expect(flag).toMatchObject({
      status: 'completed',
      completed_by: '@b.two',
      locked: false,
      notes: 'Handlers updated.',
    });
    expect(readFlag(repo, id)).toMatch(/## Notes\n\nHandlers updated\.\n$/);
    const again = await cli(repo, ['complete', id, '--by', '@b.two']);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('already completed by @b.two');
    expect(
      (await cli(repo, ['--json', 'list', '--for', '@b.two'])).json<{ flags: unknown[] }>().flags,
    ).toEqual([]);
  });

  it('resolves identity from --by, then FLAGSTORE_AGENT, then git config', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    git(repo, 'config', 'flagstore.agent', '@from.config');
    const viaConfig = await cli(repo, ['--json', 'lock', id]);
    expect(viaConfig.json<{ flag: FlagJson }>().flag.locked_by).toBe('@from.config');
    await cli(repo, ['unlock', id]);
    const viaEnv = await cli(repo, ['--json', 'lock', id], { FLAGSTORE_AGENT: 'from.env' });
    expect(viaEnv.json<{ flag: FlagJson }>().flag.locked_by).toBe('@from.env');
  });

  it('--commit commits only the flag file it wrote, leaving other staged work staged', async () => {
    const repo = await makeRepo();
    git(repo, 'commit', '-q', '--no-verify', '--allow-empty', '-m', 'base');
    await import('node:fs').then((fs) => fs.writeFileSync(`${repo}/other.txt`, 'staged work\n'));
    git(repo, 'add', 'other.txt');
    const res = await cli(repo, [
      '--json',
      ...createArgs('change', '--to', '@b.two', '--commit'),
      '--by',
      '@a.one',
    ]);
    expect(res.code).toBe(0);
    const id = res.json<{ flag: { id: string } }>().flag.id;
    expect(git(repo, 'show', '--name-only', '--format=%s', 'HEAD').trim().split('\n')).toEqual([
      expect.stringContaining(`flag ${id.slice(-10)}: create`),
      '',
      `flags/${id}.md`,
    ]);
    expect(git(repo, 'diff', '--cached', '--name-only').trim()).toBe('other.txt');
    await cli(repo, ['lock', id, '--by', '@b.two', '--commit']);
    expect(git(repo, 'log', '-1', '--format=%s')).toContain('lock by @b.two');
  });

  it('-C runs in another folder, including a subfolder of the repository', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const elsewhere = tempDir();
    const res = await cli(elsewhere, ['-C', repo, '--json', 'list', '--for', '@b.two']);
    expect(res.json<{ flags: { id: string }[] }>().flags.map((f) => f.id)).toEqual([id]);
    const sub = await cli(elsewhere, ['-C', `${repo}/flags`, 'show', id]);
    expect(sub.stdout).toContain(id);
  });

  it('finds the repository through a symlink, and in a linked worktree every flag of the ledger', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const link = join(tempDir(), 'link');
    symlinkSync(repo, link);
    const viaLink = await cli(join(link, 'flags'), ['--json', 'show', id]);
    expect(viaLink.json<{ flag: { id: string } }>().flag.id).toBe(id);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flag');
    const tree = join(tempDir(), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', tree);
    const other = await createFlag(tree, '@a.one', 'change', '--to', '@b.two');
    const listed = (dir: string) =>
      cli(dir, ['--json', 'list', '--for', '@b.two']).then((r) =>
        r.json<{ flags: { id: string }[] }>().flags.map((f) => f.id),
      );
    expect(await listed(tree)).toEqual([id, other]);
    expect(await listed(repo)).toEqual([id, other]);
  });
});
