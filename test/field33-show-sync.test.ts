import { afterAll, describe, expect, it } from 'vitest';
import { cli, createFlag, makeRepo } from './helpers.js';
import { cluster } from './ledger-helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

afterAll(closeAll);

describe('show of a flag made in another clone', () => {
  it('says to sync where a remote exists, on the CLI and on MCP', async () => {
    const { clones } = await cluster(2);
    const [a = '', b = ''] = clones;
    // Made and published in clone a: clone b's ledger does not have it until a sync.
    const id = await createFlag(a, '@clone.alpha', 'change', '--sync');
    const shown = await cli(b, ['--json', 'show', id]);
    expect(shown.code).toBe(4);
    const fix = shown.json<{ error: { fix: string } }>().error.fix;
    expect(fix).toContain('flagstore sync');
    const client = await connectInProcess(b, { by: '@clone.beta' });
    expect(errorOf(await call(client, 'show_flag', { id })).fix).toContain('flagstore sync');
    // After the sync the fix named, the flag shows.
    expect((await cli(b, ['sync'])).code).toBe(0);
    expect((await cli(b, ['show', id])).code).toBe(0);
  });

  it('keeps pointing at list where there is no remote to sync with', async () => {
    const repo = await makeRepo();
    const shown = await cli(repo, ['--json', 'show', '01M9738XBV7901CVEZW0PCTTCA']);
    expect(shown.json<{ error: { fix: string } }>().error.fix).toBe('flagstore list --status all');
  });
});
