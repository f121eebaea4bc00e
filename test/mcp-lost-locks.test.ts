/**
 * With `sync: auto` every MCP write goes through the remote's ledger, and its catch-up can give a
 * local lock never published to the remote's holder: the agent is told, as `--sync` writes and
 * `sync` tell the CLI, instead of waiting on a lock it no longer holds.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, createFlag } from './helpers.js';
import { cluster } from './ledger-helpers.js';
import { call, closeAll, connectInProcess } from './mcp-helpers.js';

afterEach(closeAll);

describe('MCP writes with sync: auto', () => {
  it('lock_flag lists the local locks its catch-up lost', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    for (const dir of [a, b]) expect((await cli(dir, ['sync'])).code).toBe(0);
    const other = await createFlag(b, '@b.two', 'change', '--to', '@clone.alpha', '--sync');
    expect((await cli(b, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(a, ['lock', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    appendFileSync(join(b, '.flagstore.yml'), 'sync: auto\n');
    const client = await connectInProcess(b, { by: '@b.two' });
    const locked = await call(client, 'lock_flag', { id: other });
    expect(locked.isError).toBeUndefined();
    const lost = [{ id, holder: '@b.two', winner: '@a.one', reason: 'locked' }];
    expect(locked.structuredContent?.lost_locks).toEqual(lost);
    expect(locked.content[0]?.text).toContain(`@b.two lost the lock on ${id}`);
    const again = await call(client, 'complete_flag', { id: other });
    expect(again.structuredContent?.lost_locks).toBeUndefined();
  }, 120_000);
});
