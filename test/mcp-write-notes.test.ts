/**
 * What an MCP write tells its writer besides the flag, as the CLI does: the locks a write
 * published to the remote (`sync: auto`) lost, an `agent` the catalog lacks, and where a lock
 * of the same identity was taken when no session of this worktree recorded it.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, createFlag, git, makeRepo, tempDir } from './helpers.js';
import { splitLockWithOther } from './ledger-helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

afterEach(closeAll);

describe('an MCP write published to the remote (sync: auto) reports the locks it lost', () => {
  it('lock_flag, complete_flag and create_flag carry lost_locks as lock --sync does', async () => {
    const { b, id, other } = await splitLockWithOther();
    appendFileSync(join(b, '.flagstore.yml'), 'sync: auto\n');
    const client = await connectInProcess(b, { by: '@b.two' });
    const locked = await call(client, 'lock_flag', { id: other });
    expect(locked.isError, locked.content[0]?.text).toBeUndefined();
    expect(locked.structuredContent?.lost_locks).toEqual([
      { id, holder: '@b.two', winner: '@a.one', reason: 'locked' },
    ]);
    const lines = (locked.content[0]?.text ?? '').split('\n');
    expect(JSON.parse(lines.at(-1) ?? '{}').lost_locks).toHaveLength(1);
    const done = await call(client, 'complete_flag', { id: other });
    expect(done.structuredContent?.lost_locks).toEqual([]);
    const created = await call(client, 'create_flag', {
      flag_type: 'change',
      target_agent: '@clone.alpha',
      change_description: CHANGE,
      action_required: ACTION,
    });
    expect(created.structuredContent?.lost_locks).toEqual([]);
  }, 120_000);

  it('a write that is not published has no lost_locks', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const client = await connectInProcess(repo, { by: '@b.two' });
    const locked = await call(client, 'lock_flag', { id });
    expect(locked.isError).toBeUndefined();
    expect(locked.structuredContent).not.toHaveProperty('lost_locks');
    expect(locked.structuredContent).not.toHaveProperty('warnings');
  });
});

/** A repository whose catalog holds @backend.nodejs and @frontend.web. */
async function catalogRepo(): Promise<string> {
  const repo = await makeRepo();
  mkdirSync(join(repo, 'agents'), { recursive: true });
  for (const name of ['backend.nodejs', 'frontend.web']) {
    const text = `---\nname: ${name}\ndescription: Owns ${name}, its handlers and tests\n---\nYou own ${name}.\n`;
    writeFileSync(join(repo, 'agents', `${name}.md`), text);
  }
  return repo;
}

describe('an agent argument the catalog lacks', () => {
  const warning = expect.stringContaining(
    'agent @backend.nodjs is not in the agent catalog; closest: @backend.nodejs',
  );

  it('lock_flag and complete_flag go through with warnings naming the closest handles', async () => {
    const repo = await catalogRepo();
    const id = await createFlag(repo, '@a.b', 'change', '--to', '@backend.nodejs');
    const client = await connectInProcess(repo, { by: '@frontend.web' });
    const locked = await call(client, 'lock_flag', { id, agent: '@backend.nodjs' });
    expect(locked.isError, locked.content[0]?.text).toBeUndefined();
    expect(locked.structuredContent?.warnings).toEqual([warning]);
    const refused = errorOf(await call(client, 'complete_flag', { id }));
    expect(refused.code).toBe('conflict');
    const blocked = errorOf(await call(client, 'lock_flag', { id, agent: '@backend.nodejz' }));
    expect((blocked as unknown as { details: { warnings: string[] } }).details.warnings).toEqual([
      expect.stringContaining('agent @backend.nodejz is not in the agent catalog'),
    ]);
    const done = await call(client, 'complete_flag', { id, agent: '@backend.nodjs' });
    expect(done.structuredContent?.warnings).toEqual([warning]);
  });

  it('create_flag warns for a source_agent the catalog lacks, as for its target', async () => {
    const repo = await catalogRepo();
    const client = await connectInProcess(repo, { by: '@frontend.web' });
    const flag = { flag_type: 'change', change_description: CHANGE, action_required: ACTION };
    const created = await call(client, 'create_flag', {
      ...flag,
      target_agent: '@frontend.web',
      source_agent: '@backend.nodjs',
    });
    expect(created.isError, created.content[0]?.text).toBeUndefined();
    expect(created.structuredContent?.warnings).toEqual([
      expect.stringContaining(
        'source_agent @backend.nodjs is not in the agent catalog; closest: @backend.nodejs',
      ),
    ]);
    const known = await call(client, 'create_flag', { ...flag, target_agent: '@backend.nodejs' });
    expect(known.structuredContent).not.toHaveProperty('warnings');
  });

  it("names the server's --by, not an argument the call did not give, when that identity is unknown", async () => {
    const repo = await catalogRepo();
    const client = await connectInProcess(repo, { by: '@backend.nodjs' });
    const flag = { flag_type: 'change', change_description: CHANGE, action_required: ACTION };
    const created = await call(client, 'create_flag', { ...flag, target_agent: '@backend.nodejs' });
    expect(created.structuredContent?.warnings).toEqual([
      expect.stringContaining('--by @backend.nodjs is not in the agent catalog'),
    ]);
  });

  it('says nothing for a catalog handle', async () => {
    const repo = await catalogRepo();
    const id = await createFlag(repo, '@a.b', 'change', '--to', '@backend.nodejs');
    const client = await connectInProcess(repo, { by: '@frontend.web' });
    const locked = await call(client, 'lock_flag', { id, agent: '@backend.nodejs' });
    expect(locked.structuredContent).not.toHaveProperty('warnings');
    const unlocked = await call(client, 'unlock_flag', { id, agent: '@backend.nodejs' });
    expect(unlocked.structuredContent).not.toHaveProperty('warnings');
  });
});

describe('a lock of the same identity taken in another worktree', () => {
  it('is refused as your own lock from that worktree, by whom and when, with both fixes (MCP and CLI)', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const tree = join(tempDir(), 'side');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', tree);
    const here = await connectInProcess(repo, { by: '@b.two' });
    const held = (await call(here, 'lock_flag', { id })).structuredContent?.flag as {
      locked_at: string;
    };
    const there = await connectInProcess(tree, { by: '@b.two' });
    const refused = errorOf(await call(there, 'lock_flag', { id }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain(`is your own lock, taken in your other worktree ${repo}`);
    expect(refused.message).toContain(`locked by @b.two since ${held.locked_at}`);
    expect(refused.fix).toBe(
      `release it in the worktree that took it, once the work there is done (in a shell: cd ${repo} && flagstore unlock ${id}), then call lock_flag {"id":"${id}"}; ` +
        `or take it over from here (that worktree is not told and would go on as if it held the lock): call lock_flag {"id":"${id}","force":true}`,
    );
    const shell = await cli(tree, ['lock', id, '--by', '@b.two'], { FLAGSTORE_SESSION: 's2' });
    expect(shell.code).toBe(6);
    expect(shell.stderr).toContain(`your other worktree ${repo}`);
    expect(shell.stderr).toContain(
      `fix: in the worktree that took it, once the work there is done: cd ${repo} && flagstore unlock ${id}; then lock it here.`,
    );
    expect(shell.stderr).toContain(
      `would go on as if it held the lock): flagstore lock ${id} --force`,
    );
  });
});
