/**
 * A global `core.hooksPath` runs its hook in every repository on the machine. The line doctor
 * tells a user to add there must run the gate where flagstore is set up, say "commit not
 * checked" on a branch of such a clone that predates the script, and print nothing in a
 * repository that never used flagstore (it printed that line on every commit there).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, tempDir } from './helpers.js';
import { bareRepo, commit, flag, write } from './gate-helpers.js';
import { HOOK_LINE, OUTSIDE_HOOK_LINE } from '../src/gates/hook-text.js';

const NOT_CHECKED = 'commit not checked';

/** A home whose global git config points core.hooksPath at `~/hooks-shared`, with our line. */
function sharedHooksHome(): Record<string, string> {
  const home = tempDir();
  writeFileSync(join(home, '.gitconfig'), '[core]\n\thooksPath = ~/hooks-shared\n');
  mkdirSync(join(home, 'hooks-shared'));
  const hook = `#!/bin/sh\necho team hook ran\n${OUTSIDE_HOOK_LINE}\n`;
  writeFileSync(join(home, 'hooks-shared', 'pre-commit'), hook, { mode: 0o755 });
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
}

function commitFile(repo: string, env: Record<string, string>, name: string): string {
  write(repo, name, 'work\n');
  git(repo, 'add', name);
  const res = commit(repo, [], env);
  expect(res.output).toContain('team hook ran');
  return `${res.code}\n${res.output}`;
}

describe('the line for a hooks folder outside the repository', () => {
  it('is silent in a repository without flagstore and still gates one with it', async () => {
    const env = sharedHooksHome();
    const other = bareRepo();
    const plain = commitFile(other, env, 'a.txt');
    expect(plain.startsWith('0\n')).toBe(true);
    expect(plain).not.toContain(NOT_CHECKED);

    const repo = bareRepo();
    expect((await cli(repo, ['init'], env)).code).toBe(0);
    type Check = { name: string; ok: boolean };
    const doctor = (await cli(repo, ['--json', 'doctor'], env)).json<{ checks: Check[] }>();
    expect(doctor.checks.find((c) => c.name === 'pre-commit')?.ok).toBe(true);
    git(repo, 'add', '-A');
    expect(commit(repo, [], env).code).toBe(0);

    await flag(repo, '@a.one', 'security', '--impact', 'critical', '--to', '@b.two');
    const blocked = commitFile(repo, env, 'b.txt');
    expect(blocked).toContain('commit blocked: 1 unresolved critical flag(s)');
    expect(blocked.startsWith('0\n')).toBe(false);

    git(repo, 'reset', '-q');
    git(repo, 'switch', '-q', '--orphan', 'before-flagstore');
    const older = commitFile(repo, env, 'c.txt');
    expect(older).toContain(NOT_CHECKED);
  });
});

describe('init with the earlier line in a hooks folder outside the repository', () => {
  it('says to replace it with the quiet one; doctor still finds the gate running', async () => {
    const env = sharedHooksHome();
    const hook = join(env.HOME ?? '', 'hooks-shared', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\n${HOOK_LINE}\n`, { mode: 0o755 });
    const repo = bareRepo();
    const init = await cli(repo, ['init'], env);
    expect(init.stderr).toContain(`replace the flagstore line in ${hook}`);
    expect(init.stderr).toContain(OUTSIDE_HOOK_LINE);
    type Check = { name: string; ok: boolean };
    const doctor = (await cli(repo, ['--json', 'doctor'], env)).json<{ checks: Check[] }>();
    expect(doctor.checks.find((c) => c.name === 'pre-commit')?.ok).toBe(true);
  });
});
