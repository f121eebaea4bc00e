/**
 * Field trial 41: a writer stalled for over a minute between writing its temp flag file and
 * renaming it finds the temp file swept away by a reader (removeStaleTemps). Its transition is
 * already in the ledger, so it writes the work-tree copy again instead of failing with an
 * "unexpected error" after recording the completion, which left the branch's file pending.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stopped } from './stall-helpers.js';
import { BIN, cli, createFlag, git, makeRepo } from './helpers.js';

/** The temp files in a repository's flags folder. */
function temps(repo: string): string[] {
  return readdirSync(join(repo, 'flags')).filter((name) => name.endsWith('.tmp'));
}

describe('a writer stalled before renaming its temp flag file', () => {
  it('writes its copy again once a reader swept the temp file away', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    git(repo, 'add', 'flags');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'a flag');
    const args = ['complete', id, '--by', '@b.two', '--notes', 'done after a long stall'];
    const env = { ...process.env, FLAGSTORE_TEST_STALL_BEFORE_RENAME: '1', NO_COLOR: '1' };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await stopped(child);
    // The stalled writer's temp file, aged past a minute, goes with the next listing.
    const [temp] = temps(repo);
    expect(temp).toBeDefined();
    const aMinuteAgo = new Date(Date.now() - 61_000);
    utimesSync(join(repo, 'flags', temp ?? ''), aMinuteAgo, aMinuteAgo);
    expect((await cli(repo, ['list'])).code).toBe(0);
    expect(temps(repo)).toEqual([]);
    child.kill('SIGCONT');
    expect(await exited, stderr).toBe(0);
    expect(stderr).not.toContain('unexpected error');
    expect(readFileSync(join(repo, 'flags', `${id}.md`), 'utf8')).toMatch(/^status: completed$/m);
    expect(temps(repo)).toEqual([]);
    expect((await cli(repo, ['show', id])).stdout).not.toContain('differ');
  });
});
