/**
 * The processes a write starts, counted through a `git` on PATH that logs each call and runs
 * the real one: a plain write starts no git at all (src/git/ref-files-write.ts), a refused one
 * no `update-ref`, the gate check runs git once while its hook holds; and a create whose file
 * another writer made first follows the ledger.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlagFile } from '../src/store/flag-file.js';
import { openWorkspace } from '../src/services/workspace.js';
import { localPublisher, type Publisher } from '../src/sync/ledger-write.js';
import {
  BIN,
  createArgs,
  createFlag,
  flagText,
  git,
  makeRepo,
  spawnCli,
  tempDir,
} from './helpers.js';
import { ledgerPath } from '../src/core/ledger-layout.js';

/** Runs the CLI in a child process with a logging git first on PATH; its git calls. */
async function gitCalls(repo: string, args: string[]): Promise<{ code: number; calls: string[] }> {
  const dir = tempDir();
  const log = join(dir, 'log');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const shim = join(dir, 'git');
  writeFileSync(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(shim, 0o755);
  const res = await spawnCli(repo, args, { PATH: `${dir}:${process.env.PATH ?? ''}` });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { code: res.code, calls };
}

const updates = (calls: string[]) => calls.filter((c) => c.startsWith('update-ref'));
const gateChecks = (calls: string[]) => calls.filter((c) => c.includes('--git-path hooks/'));

describe('the processes a write starts', () => {
  it('a plain write starts no git; one git must make starts update-ref; a refused one none', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const granted = await gitCalls(repo, ['lock', id, '--by', '@b.two']);
    expect(granted.code).toBe(0);
    expect(granted.calls).toEqual([]);
    const refused = await gitCalls(repo, ['lock', id, '--by', '@c.three']);
    expect(refused.code).not.toBe(0);
    expect(updates(refused.calls)).toEqual([]);
    // A reference-transaction hook: git moves the ref (and runs it), started ahead of the commit.
    const hook = join(repo, '.git', 'hooks', 'reference-transaction');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    chmodSync(hook, 0o755);
    const viaGit = await gitCalls(repo, ['unlock', id, '--by', '@b.two']);
    expect(viaGit.code).toBe(0);
    expect(updates(viaGit.calls)).toEqual([expect.stringMatching(/--stdin$/)]);
  });

  it('a plain write does not load node:child_process (which brings net, dgram and streams)', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const dir = tempDir();
    const list = join(dir, 'modules');
    const preload = join(dir, 'preload.mjs');
    writeFileSync(
      preload,
      `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
    );
    execFileSync(process.execPath, ['--import', preload, BIN, 'lock', id, '--by', '@b.two'], {
      cwd: repo,
      stdio: 'ignore',
    });
    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule zlib');
    expect(loaded).not.toContain('NativeModule child_process');
  });

  it('the gate check finds the hook files without git (round gitconf27), and sees them change', async () => {
    const repo = await makeRepo();
    const create = [...createArgs('change', '--to', '@b.two'), '--by', '@a.one'];
    const first = await gitCalls(repo, create);
    expect(first.code).toBe(0);
    expect(gateChecks(first.calls)).toEqual([]);
    const second = await gitCalls(repo, create);
    expect(second.code).toBe(0);
    expect(gateChecks(second.calls)).toEqual([]);
    // The hook no longer runs the gate: the next create checks, and says so.
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    const third = await spawnCli(repo, create);
    expect(third.code).toBe(0);
    expect(third.stderr).toContain('critical flags block no commit here');
  });
});

describe('a create whose file another writer wrote first', () => {
  it('keeps that file, then follows the ledger to the newest state', async () => {
    const repo = await makeRepo();
    const linked = join(tempDir(), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'other', linked);
    const ws = await openWorkspace(repo);
    const id = '01KDVDNA9BZH55JBQ19CAVMZAH';
    const flag = parseFlagFile(flagText(id)).flag!;
    const path = join(repo, 'flags', `${id}.md`);
    const local = localPublisher(ws.flags.ledger);
    // Right after the ledger took the flag, another writer wrote its file as the ledger had
    // it, and a process in a linked worktree (which has no copy to write) locked it.
    const publisher: Publisher = {
      ...local,
      publish: async (commit, base) => {
        const ok = await local.publish(commit, base);
        writeFileSync(path, git(repo, 'show', `${commit}:${ledgerPath('flags', id)}`));
        const other = await spawnCli(linked, ['lock', id, '--by', '@b.two']);
        expect(other.code, other.stderr).toBe(0);
        return ok;
      },
    };
    await ws.flags.create(flag, publisher);
    const file = readFileSync(path, 'utf8');
    expect(file).toMatch(/^locked_by: "?@b\.two/m);
    expect(file).toBe(git(repo, 'show', `flagstore:${ledgerPath('flags', id)}`));
  });
});
