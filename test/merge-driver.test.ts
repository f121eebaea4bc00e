import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNotes } from '../src/sync/merge-fields.js';
import { mergeFlagFile } from '../src/sync/merge-driver.js';
import { cli, createFlag, git, makeRepo, readFlag } from './helpers.js';
import { committedFlag } from './flag-repo.js';
import { copyOfOnce } from './template-copy.js';

interface Shown {
  flag: {
    status: string;
    locked_by: string | null;
    completed_by: string | null;
    notes: string | null;
  };
}

async function show(repo: string, id: string): Promise<Shown['flag']> {
  return (await cli(repo, ['--json', 'show', id])).json<Shown>().flag;
}

/**
 * A repository with one committed flag and a branch `other` at the same commit: a copy of one
 * built once in this file.
 */
function forked(): Promise<{ repo: string; id: string }> {
  return copyOfOnce('forked', buildForked);
}

async function buildForked(): Promise<{ repo: string; id: string }> {
  const { repo, id } = await committedFlag();
  git(repo, 'branch', 'other');
  return { repo, id };
}

/**
 * Drops the ledger branch: what follows happens as in a clone that never synced, so each
 * branch's file carries its own state and the merge driver has two real sides to merge.
 */
function forgetLedger(repo: string): void {
  git(repo, 'update-ref', '-d', 'refs/heads/flagstore');
}

function edit(repo: string, id: string, from: string, to: string): void {
  const path = join(repo, 'flags', `${id}.md`);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  git(repo, 'commit', '-q', '--no-verify', '-am', `edit ${from}`);
}

/**
 * A flag write, then its file committed as `--commit` would, without the pre-commit hook: the
 * merge driver is the subject here, and a hook run is a node process (the gate and commit tests
 * run the hook).
 */
async function committed(repo: string, args: string[]): Promise<void> {
  const res = await cli(repo, args);
  expect(res.code, res.stderr).toBe(0);
  git(repo, 'commit', '-q', '--no-verify', '-am', args.slice(0, 2).join(' '));
}

/** `git merge` of `branch`, without the pre-merge-commit hook (the merge driver still runs). */
function merge(repo: string, branch: string): void {
  git(repo, 'merge', '-q', '--no-verify', '--no-edit', branch);
}

describe('merge driver', () => {
  it('init installs the attributes entry and the driver of this flagstore', async () => {
    const repo = await makeRepo();
    expect(readFileSync(join(repo, '.gitattributes'), 'utf8')).toBe(
      '/flags/*.md merge=flagstore\n/flags/*.md text eol=lf\n/agents/**/*.md text eol=lf\n' +
        '/.flagstore/hooks/* text eol=lf\n',
    );
    expect(git(repo, 'config', 'merge.flagstore.driver')).toContain(
      "bin/flagstore.js' merge-driver %O %A %B %P",
    );
    const again = await cli(repo, ['--json', 'init']);
    expect(again.json<{ created: string[] }>().created).toEqual([]);
  });

  it('init --ci github writes a workflow that runs check, once', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['--json', 'init', '--ci', 'github']);
    expect(res.json<{ created: string[] }>().created).toEqual(['.github/workflows/flagstore.yml']);
    const workflow = readFileSync(join(repo, '.github', 'workflows', 'flagstore.yml'), 'utf8');
    expect(workflow).toContain('fetch-depth: 0');
    expect(workflow).toContain('run: flagstore check');
    expect(workflow).toContain('flagstore report --html -o flagstore-report.html');
    expect(workflow).toMatch(
      /upload-artifact@v4\n\s+if: always\(\)\n\s+with:\n\s+name: flagstore-report/,
    );
    // Installs from where the team keeps it (a tarball or git URL) until the package is published.
    expect(workflow).toContain(`npm install -g "\${{ vars.FLAGSTORE_PACKAGE || 'flagstore' }}"`);
    expect(workflow).not.toContain('npx');
    const again = await cli(repo, ['--json', 'init', '--ci', 'github']);
    expect(again.json<{ unchanged: string[] }>().unchanged).toContain(
      '.github/workflows/flagstore.yml',
    );
    expect((await cli(repo, ['init', '--ci', 'gitlab'])).code).toBe(2);
  });

  it('completed wins over a lock on the other branch, and the notes are kept', async () => {
    const { repo, id } = await forked();
    await committed(repo, ['lock', id, '--by', '@b.two']);
    git(repo, 'checkout', '-q', 'other');
    forgetLedger(repo);
    await committed(repo, ['complete', id, '--by', '@c.three', '--notes', 'fixed on other']);
    git(repo, 'checkout', '-q', 'main');
    merge(repo, 'other');
    const text = readFlag(repo, id);
    expect(text).not.toMatch(/^(<<<<<<<|>>>>>>>|=======)/m);
    const flag = await show(repo, id);
    expect(flag).toMatchObject({
      status: 'completed',
      completed_by: '@c.three',
      locked_by: null,
      notes: 'fixed on other',
    });
    expect((await cli(repo, ['validate'])).code).toBe(0);
  });

  it('the earlier of two locks wins whichever side merges', async () => {
    const { repo, id } = await forked();
    git(repo, 'checkout', '-q', 'other');
    await committed(repo, ['lock', id, '--by', '@first.one']);
    git(repo, 'checkout', '-q', 'main');
    forgetLedger(repo);
    await committed(repo, ['lock', id, '--by', '@second.two']);
    merge(repo, 'other');
    forgetLedger(repo);
    expect((await show(repo, id)).locked_by).toBe('@first.one');
  });

  it("a new lock beats a release of the old one, and the release's time does not come with it", async () => {
    const { repo, id } = await forked();
    await committed(repo, ['lock', id, '--by', '@first.one', '--ttl', '1s']);
    git(repo, 'branch', '-f', 'other', 'main');
    git(repo, 'checkout', '-q', 'other');
    await committed(repo, ['unlock', id, '--by', '@first.one']);
    expect(readFlag(repo, id)).toContain('unlocked_at: ');
    git(repo, 'checkout', '-q', 'main');
    forgetLedger(repo);
    // The first lock's time to live is over: its expiry a second ago, as waiting it out leaves it.
    const past = new Date(Date.now() - 1000).toISOString();
    const path = join(repo, 'flags', `${id}.md`);
    expect(readFlag(repo, id)).toMatch(/^lock_expires_at: \S+Z'?$/m);
    writeFileSync(
      path,
      readFlag(repo, id).replace(/^lock_expires_at: .*$/m, `lock_expires_at: '${past}'`),
    );
    await committed(repo, ['lock', id, '--by', '@second.two']);
    merge(repo, 'other');
    forgetLedger(repo);
    expect((await show(repo, id)).locked_by).toBe('@second.two');
    expect(readFlag(repo, id)).not.toContain('unlocked_at');
  });

  it('notes of two completions are both kept, and edits to different sections merge', async () => {
    const { repo, id } = await forked();
    edit(repo, id, 'The users table', 'The accounts table');
    await committed(repo, ['complete', id, '--by', '@b.two', '--notes', 'main side note']);
    git(repo, 'checkout', '-q', 'other');
    edit(repo, id, 'add tests for null values', 'add tests for empty values');
    forgetLedger(repo);
    await committed(repo, ['complete', id, '--by', '@c.three', '--notes', 'other side note']);
    git(repo, 'checkout', '-q', 'main');
    merge(repo, 'other');
    forgetLedger(repo);
    const text = readFlag(repo, id);
    expect(text).toContain('The accounts table');
    expect(text).toContain('add tests for empty values');
    expect(text).not.toMatch(/^action_required:/m);
    expect((await cli(repo, ['validate'])).code).toBe(0);
    const flag = await show(repo, id);
    expect(flag.completed_by).toBe('@b.two');
    expect(flag.notes).toBe('main side note\n\nother side note');
  });

  it('add/add: one flag added on two branches with different states merges without markers', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const text = readFlag(repo, id);
    const path = join(repo, 'flags', `${id}.md`);
    rmSync(path);
    git(repo, 'branch', 'y');
    git(repo, 'checkout', '-q', '-b', 'x');
    forgetLedger(repo);
    writeFileSync(path, text);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '--no-verify', '-m', 'flag on x');
    await committed(repo, ['lock', id, '--by', '@b.two']);
    git(repo, 'checkout', '-q', 'y');
    forgetLedger(repo);
    writeFileSync(path, text);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '--no-verify', '-m', 'flag on y');
    await committed(repo, ['complete', id, '--by', '@c.three', '--notes', 'done on y']);
    git(repo, 'checkout', '-q', 'x');
    merge(repo, 'y');
    expect(readFlag(repo, id)).not.toMatch(/^(<<<<<<<|>>>>>>>|=======)/m);
    forgetLedger(repo);
    expect(await show(repo, id)).toMatchObject({
      status: 'completed',
      completed_by: '@c.three',
      locked_by: null,
      notes: 'done on y',
    });
  });

  it('leaves a true prose conflict to a person', async () => {
    const { repo, id } = await forked();
    edit(repo, id, 'The users table', 'The accounts table');
    git(repo, 'checkout', '-q', 'other');
    edit(repo, id, 'The users table', 'The people table');
    git(repo, 'checkout', '-q', 'main');
    expect(() => merge(repo, 'other')).toThrow();
    const text = readFlag(repo, id);
    expect(text).toContain('<<<<<<< ours');
    expect(text).toContain('The people table');
    expect(text).toMatch(/^status: pending$/m);
  });

  it('a merge of a side with itself is that side (property)', async () => {
    const { repo, id } = await forked();
    const base = readFlag(repo, id);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\n')),
        async (note) => {
          const ours = `${base.trimEnd()}\n\n## Notes\n\n${note.trim() || 'x'}\n`;
          const merged = await mergeFlagFile({ base, ours, theirs: base });
          expect(merged.conflict).toBe(false);
          expect(merged.text).toBe(ours);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('notes merge keeps every addition of both sides (property)', () => {
    const text = fc
      .string({ minLength: 1, maxLength: 30 })
      .map((s) => s.trim())
      .filter((s) => s !== '');
    fc.assert(
      fc.property(fc.option(text, { nil: null }), text, text, (base, a, b) => {
        const prefix = base === null ? '' : `${base}\n\n`;
        const merged = mergeNotes(base, `${prefix}${a}`, `${prefix}${b}`) ?? '';
        expect(merged).toContain(a);
        expect(merged).toContain(b);
        if (base !== null) expect(merged.startsWith(base)).toBe(true);
      }),
    );
  });
});
