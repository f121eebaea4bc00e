// A write to a flag whose `<id>.md` is absent (a ledger-only flag, as every flag made in another
// worktree is) lists the flags folder to resolve the id; the check for a file renamed by hand
// (mend42) reuses that listing instead of reading the folder again (100 ms at 100,000 files).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transitionFlag } from '../src/services/flags.js';
import { idForWrite, renamedCopy } from '../src/services/synced-write.js';
import { openWorkspace } from '../src/services/workspace.js';
import { cli, createFlag, makeRepo, readFlag } from './helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

describe('the renamed-file check of a write', () => {
  it("reuses the resolution's listing of the flags folder, once, then lists afresh", async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const text = readFlag(repo, id);
    rmSync(join(repo, 'flags', `${id}.md`));
    const ws = await openWorkspace(repo);
    expect(await idForWrite(ws, id.slice(-6), undefined)).toBe(id);
    // Written after the resolution listed the folder: the check sees the listing, not the folder.
    ws.flags.resolve(id);
    writeFileSync(join(repo, 'flags', 'renamed.md'), text);
    expect(renamedCopy(ws, id)).toBe(null);
    // The listing serves one check only: the next lists the folder itself.
    expect(renamedCopy(ws, id)).toBe('flags/renamed.md');
    await expect(idForWrite(ws, id, undefined)).rejects.toThrow(
      'renamed by hand to flags/renamed.md',
    );
    // show reads the ledger's copy and names the renamed file, in JSON and in text.
    const shown = await cli(repo, ['--json', 'show', id]);
    expect(shown.json<{ renamed_copy: string | null }>().renamed_copy).toBe('flags/renamed.md');
    expect((await cli(repo, ['show', id])).stdout).toContain(
      'this work tree holds this flag in flags/renamed.md, renamed by hand',
    );
  });

  it('is refused on MCP with the validate tool call as the fix, and show_flag names the file as show does', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    renameSync(join(repo, 'flags', `${id}.md`), join(repo, 'flags', 'renamed.md'));
    const client = await connectInProcess(repo, { by: '@b.two' });
    const refused = errorOf(await call(client, 'lock_flag', { id }));
    const shown = (await call(client, 'show_flag', { id })).structuredContent;
    await closeAll();
    const notes = ({ differs, invalid_copy, renamed_copy }: Record<string, unknown> = {}) => ({
      differs,
      invalid_copy,
      renamed_copy,
    });
    const json = (await cli(repo, ['--json', 'show', id])).json<Record<string, unknown>>();
    expect(notes(shown)).toEqual(notes(json));
    expect(notes(shown)).toEqual({
      differs: [],
      invalid_copy: null,
      renamed_copy: 'flags/renamed.md',
    });
    expect(refused.message).toContain('renamed by hand to flags/renamed.md');
    expect(refused.fix).toBe(
      'call validate {"fix":true} (names the file <id>.md again), then call the tool again',
    );
  });
});

describe('a write to a ledger-only flag', () => {
  it('lists the flags folder and the ledger once: the transition takes the resolved id as it is', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    rmSync(join(repo, 'flags', `${id}.md`));
    const ws = await openWorkspace(repo);
    const counts = { workIds: 0, ids: 0 };
    for (const name of ['workIds', 'ids'] as const) {
      const real = ws.flags[name].bind(ws.flags);
      ws.flags[name] = () => (counts[name]++, real());
    }
    const done = await transitionFlag(ws, { id: id.slice(-6), kind: 'lock', agent: '@b.two' });
    expect(done.after).toMatchObject({ id, locked_by: '@b.two' });
    expect(counts).toEqual({ workIds: 1, ids: 1 });
  });
});
