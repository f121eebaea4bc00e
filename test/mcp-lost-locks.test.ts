/**
 * With `sync: auto` every MCP write goes through the remote's ledger, and its catch-up can give a
 * local lock never published to the remote's holder: the agent is told, as `--sync` writes and
 * `sync` tell the CLI, instead of waiting on a lock it no longer holds.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, CHANGE } from './helpers.js';
import { splitLockWithOther } from './ledger-helpers.js';
import { call, closeAll, connectInProcess } from './mcp-helpers.js';

afterEach(closeAll);

/** splitLockWithOther, with B on `sync: auto` and on MCP as @b.two. */
async function splitLock(): Promise<{ client: Client; id: string; other: string }> {
  const { b, id, other } = await splitLockWithOther();
  appendFileSync(join(b, '.flagstore.yml'), 'sync: auto\n');
  return { client: await connectInProcess(b, { by: '@b.two' }), id, other };
}

describe('MCP writes with sync: auto', () => {
  it('lock_flag lists the local locks its catch-up lost', async () => {
    const { client, id, other } = await splitLock();
    const locked = await call(client, 'lock_flag', { id: other });
    expect(locked.isError).toBeUndefined();
    const lost = [{ id, holder: '@b.two', winner: '@a.one', reason: 'locked' }];
    expect(locked.structuredContent?.lost_locks).toEqual(lost);
    expect(locked.content[0]?.text).toContain(`@b.two lost the lock on ${id}`);
    const again = await call(client, 'complete_flag', { id: other });
    expect(again.structuredContent?.lost_locks).toEqual([]);
  }, 120_000);

  it('reply_flag lists them too', async () => {
    const { client, id, other } = await splitLock();
    const replied = await call(client, 'reply_flag', {
      id: other,
      answer: CHANGE,
      action_required: ACTION,
    });
    expect(replied.isError).toBeUndefined();
    const lost = [{ id, holder: '@b.two', winner: '@a.one', reason: 'locked' }];
    expect(replied.structuredContent?.lost_locks).toEqual(lost);
  }, 120_000);
});
