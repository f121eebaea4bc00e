/**
 * A missing identity's fix lists the three ways in the order they win (the command's own
 * spelling, FLAGSTORE_AGENT, git config flagstore.agent), each command naming its own spelling.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, makeRepo, seedCreateArgs, spawnCli } from './helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

const REST =
  'or set FLAGSTORE_AGENT=@domain.module, or run: git config flagstore.agent @domain.module';

afterAll(closeAll);

describe('the fix for a missing identity', () => {
  it('names each command its own spelling, then the environment, then git config', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const create = await cli(repo, createArgs());
    expect(create.code).toBe(2);
    expect(create.stderr).toContain(`fix: pass --from @domain.module, ${REST}\n`);
    const seedCreate = await cli(repo, seedCreateArgs({ from: '' }));
    expect(seedCreate.json<{ fix: string }>().fix).toBe(
      `pass --source_agent @domain.module, ${REST}`,
    );
    const seedComplete = await cli(repo, ['complete-flag', id]);
    expect(seedComplete.code).toBe(2);
    expect(seedComplete.json<{ fix: string }>().fix).toBe(
      `pass the agent after the id: flagstore complete-flag ${id} @domain.module, ${REST}`,
    );
    for (const args of [
      ['complete', id],
      ['lock', id],
      ['reply', id, '--change', 'x'.repeat(60)],
    ]) {
      const out = await cli(repo, args);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(`fix: pass --by @domain.module, ${REST}\n`);
    }
  });

  it('is the same from the write entry of the binary', async () => {
    const repo = await makeRepo();
    const out = await spawnCli(repo, createArgs());
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`fix: pass --from @domain.module, ${REST}\n`);
  });

  it('names the tool argument over MCP: source_agent for create_flag, agent elsewhere', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const client = await connectInProcess(repo, {});
    const create = errorOf(
      await call(client, 'create_flag', {
        flag_type: 'change',
        change_description: 'c'.repeat(60),
        action_required: 'a'.repeat(110),
      }),
    );
    expect(create.fix).toMatch(/^pass source_agent: "@domain.module" to the tool/);
    const complete = errorOf(await call(client, 'complete_flag', { id }));
    expect(complete.fix).toMatch(/^pass agent: "@domain.module" to the tool/);
  });
});
