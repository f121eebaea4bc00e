import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, git, makeRepo, tempDir } from './helpers.js';
import { commit, commitInBackground, configureGates, write } from './gate-helpers.js';
import { waitFor } from './kill-helpers.js';
import { landedCommit } from '../src/gates/landed.js';

// Found in the field trial: git does not hold the index locked while a plain `git commit` runs
// its hook, so an agent's `create --commit` landed while the user's gates ran; the gate then
// blamed itself: "changed the staged files (a gate must check, not fix)", naming the agent's
// flag file. git refuses that commit anyway (HEAD moved); the message now says what happened.
describe('another commit landing while the gates run', () => {
  it('is named as such, not blamed on a gate that stages its fixes', async () => {
    const repo = await makeRepo();
    const dir = tempDir();
    const [started, go] = [join(dir, 'started'), join(dir, 'go')];
    const wait = `require("fs").writeFileSync(process.argv[1], "up\\n"); const t = setInterval(() => { if (require("fs").existsSync(process.argv[2])) clearInterval(t); }, 20)`;
    configureGates(
      repo,
      `  commands:\n    - name: waiter\n      command: [node, -e, '${wait}', ${JSON.stringify(started)}, ${JSON.stringify(go)}]\n`,
    );
    write(repo, 'a.ts', 'user code\n');
    git(repo, 'add', 'a.ts');
    const running = commitInBackground(repo);
    await waitFor(started);
    const created = await cli(repo, [
      ...createArgs('change', '--to', '@b.two'),
      '--by',
      '@a.one',
      '--commit',
    ]);
    expect(created.code, created.stderr).toBe(0);
    writeFileSync(go, '');
    const res = await running;
    expect(existsSync(go)).toBe(true);
    expect(res.code).not.toBe(0);
    expect(res.output).toMatch(/another commit \([0-9a-f]{10}\) landed while the gates ran/);
    expect(res.output).not.toContain('a gate must check, not fix');
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('a.ts\n');
  });
});

describe("the external gates' watch of HEAD", () => {
  it('takes HEAD from the objects read with the staged files: no git process of its own', async () => {
    const repo = await makeRepo();
    configureGates(repo, `  commands:\n    - name: noop\n      command: [node, -e, '0']\n`);
    write(repo, 'a.ts', 'user code\n');
    git(repo, 'add', 'a.ts');
    const trace = join(tempDir(), 'trace.txt');
    execFileSync('git', ['commit', '-q', '-m', 'a'], {
      cwd: repo,
      env: { ...process.env, GIT_TRACE: trace },
    });
    const lines = readFileSync(trace, 'utf8').split('\n');
    // HEAD's commit is read in this process with the staged blobs (src/git/objects-local.ts).
    expect(lines.filter((line) => /cat-file|rev-parse .*HEAD\^\{commit\}/.test(line))).toEqual([]);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('a\n');
  });
});

describe('a gate that puts the index back to HEAD', () => {
  it('is blamed as a gate that changed the staged files: HEAD did not move, no commit landed', async () => {
    const repo = await makeRepo();
    configureGates(
      repo,
      `  commands:\n    - name: unstager\n      command: [git, reset, -q, --, a.ts]\n`,
    );
    write(repo, 'a.ts', 'one\n');
    git(repo, 'add', 'a.ts');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'a');
    write(repo, 'a.ts', 'two\n');
    git(repo, 'add', 'a.ts');
    const res = commit(repo, []);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain('changed the staged files (a gate must check, not fix');
    expect(res.output).not.toContain('landed while the gates ran');
  });
});

describe('the commit that landed, for paths with a tab in their name', () => {
  it('is found: the index entries match HEAD through the one ls-tree parser', async () => {
    const repo = await makeRepo();
    const before = git(repo, 'rev-parse', 'HEAD').trim();
    const path = 'notes\tdraft.md';
    write(repo, path, 'a tab in the name\n');
    git(repo, 'add', '--', path);
    git(repo, 'commit', '-q', '--no-verify', '-m', 'tab');
    const [meta = ''] = git(repo, 'ls-files', '-s', '-z', '--', path).split('\t');
    const [mode = '', blob = ''] = meta.split(' ');
    const index = new Map([[path, `${mode} ${blob}`]]);
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    expect(await landedCommit(repo, before, { changed: [path], index })).toBe(head);
  });
});
