import { describe, expect, it } from 'vitest';
import { cli, makeRepo, seedCreateArgs, spawnCli } from './helpers.js';

// The seed's commands are what existing agent prompts run: a few go through the real binary.

/** The seed's create-flag call, as its agent prompts spell it. */
function seedCreate(extra: string[] = []): string[] {
  return seedCreateArgs({
    type: 'breaking_change',
    from: '@database.postgres',
    to: 'backend.api',
    extra: [
      ...['--impact_level', 'high', '--related_files', 'models/predictor.py,api/endpoints.py'],
      ...['--code_location', 'models/predictor.py:125', ...extra],
    ],
  });
}

describe("the seed's commands, spelled as in its prompts", () => {
  it('create-flag answers the seed JSON and get-agent-flags returns seed columns', async () => {
    const repo = await makeRepo();
    const created = await spawnCli(
      repo,
      seedCreate(['--context', '{"ticket": 42}', '--example_usage', 'GET /users/1']),
    );
    expect(created.code).toBe(0);
    const answer = created.json<Record<string, unknown>>();
    expect(Object.keys(answer).sort()).toEqual([
      'flag_id',
      'from',
      'message',
      'priority',
      'success',
      'to',
    ]);
    expect(answer).toMatchObject({
      success: true,
      from: '@database.postgres',
      to: '@backend.api',
      priority: 'high',
    });
    expect(answer.message).toBe(`FLAG ${String(answer.flag_id)} created: breaking_change`);

    const listed = await spawnCli(repo, ['get-agent-flags', 'backend.api']);
    const rows = listed.json<Record<string, unknown>[]>();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: answer.flag_id,
      flag_type: 'breaking_change',
      target_agent: '@backend.api',
      status: 'pending',
      locked: false,
      related_files: 'models/predictor.py,api/endpoints.py',
      code_location: 'models/predictor.py:125',
      context: '{"ticket":42}',
      example_usage: 'GET /users/1',
    });
    for (const column of [
      'chain_origin_id',
      'session_id',
      'change_description',
      'action_required',
      'impact_level',
      'created_at',
      'acknowledged_at',
      'completed_at',
      'completed_by',
      'notes',
    ]) {
      expect(rows[0]).toHaveProperty(column);
    }
  });

  it('lock-flag, unlock-flag and complete-flag work without an identity, as in the seed', async () => {
    const repo = await makeRepo();
    const id = (await cli(repo, seedCreate())).json<{ flag_id: string }>().flag_id;
    expect((await cli(repo, ['lock-flag', id])).json()).toEqual({
      success: true,
      flag_id: id,
      locked: true,
      locked_by: null,
    });
    expect(
      (await cli(repo, ['get-agent-flags', '@backend.api'])).json<{ locked: boolean }[]>()[0]
        ?.locked,
    ).toBe(true);
    expect((await cli(repo, ['unlock-flag', id])).json()).toMatchObject({
      success: true,
      locked: false,
    });
    const done = await cli(repo, [
      'complete-flag',
      id,
      '@backend.api',
      '--notes',
      'Not applicable to my module',
    ]);
    expect(done.json()).toMatchObject({ success: true, flag_id: id, completed_by: '@backend.api' });
    expect((await cli(repo, ['get-agent-flags', '@backend.api'])).json()).toEqual([]);
  });

  it('records the lock holder when an identity is known, and chains flags', async () => {
    const repo = await makeRepo();
    const origin = (await cli(repo, seedCreate())).json<{ flag_id: string }>().flag_id;
    const locked = await cli(repo, ['lock-flag', origin], { FLAGSTORE_AGENT: '@backend.api' });
    expect(locked.json()).toMatchObject({ locked_by: '@backend.api' });
    const chained = await cli(repo, seedCreate(['--chain_origin_id', origin.slice(0, 12)]));
    const chainedId = chained.json<{ flag_id: string }>().flag_id;
    const rows = (await cli(repo, ['get-agent-flags', '@backend.api'])).json<
      { id: string; chain_origin_id: string | null }[]
    >();
    expect(rows.find((r) => r.id === chainedId)?.chain_origin_id).toBe(origin);
  });

  it('errors are {"error": ...} on stdout with a non-zero exit code', async () => {
    const repo = await makeRepo();
    const short = await spawnCli(repo, seedCreateArgs({ change: 'too short' }));
    expect(short.code).toBe(3);
    expect(short.json<{ error: string }>().error).toContain(
      'change_description must be at least 50 characters',
    );
    const missing = await spawnCli(repo, ['complete-flag', '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF', '@a.one']);
    expect(missing.code).toBe(4);
    expect(missing.json<{ error: string }>().error).toContain('no flag with id');
    const usage = await spawnCli(repo, ['create-flag', '--flag_type', 'change']);
    expect(usage.code).toBe(2);
    expect(usage.json<{ error: string }>().error).toContain('--change_description');
  });

  it('an unnamed lock never blocks a named completion, which records who did it', async () => {
    const repo = await makeRepo();
    const id = (await cli(repo, seedCreate())).json<{ flag_id: string }>().flag_id;
    await cli(repo, ['lock-flag', id]);
    const done = await cli(repo, ['complete-flag', id, '@backend.api']);
    expect(done.code).toBe(0);
    expect(done.json()).toMatchObject({ success: true, completed_by: '@backend.api' });
    const shown = (await cli(repo, ['--json', 'show', id])).json<{
      flag: { status: string; locked: boolean; completed_by: string };
    }>().flag;
    expect(shown).toMatchObject({
      status: 'completed',
      locked: false,
      completed_by: '@backend.api',
    });
  });

  it('a named lock still blocks another agent until unlocked or forced', async () => {
    const repo = await makeRepo();
    const id = (await cli(repo, seedCreate())).json<{ flag_id: string }>().flag_id;
    await cli(repo, ['--by', '@a.one', 'lock-flag', id]);
    const refused = await cli(repo, ['complete-flag', id, '@backend.api']);
    expect(refused.code).toBe(6);
    expect(refused.json<{ error: string }>().error).toContain('locked by @a.one');
  });
});
