/**
 * Round mend37a, item 2: `list --all-branches` showed an empty BRANCHES cell for a flag no
 * branch has committed (it is only in the work tree and the ledger), and had neither `--limit`
 * nor the count line `list` ends with.
 */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { rowOf } from './width-helpers.js';

describe('list --all-branches', () => {
  it('says where an uncommitted flag is, bounds its rows and counts them', async () => {
    const repo = await makeRepo();
    const committed = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const loose = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--impact', 'high');
    const branch = git(repo, 'branch', '--show-current').trim();
    const res = await cli(repo, ['list', '--all-branches'], { COLUMNS: '80' });
    expect(res.code).toBe(0);
    const rows = res.stdout.trimEnd().split('\n');
    expect(rowOf(rows, loose)).toContain('(uncommitted)');
    expect(rowOf(rows, committed)).toContain(branch);
    expect(rows.at(-1)).toBe('2 pending flags (1 high, 1 medium)');
    const cut = await cli(repo, ['list', '--all-branches', '--limit', '1'], { COLUMNS: '80' });
    const lines = cut.stdout.trimEnd().split('\n');
    expect(lines[1]).toContain('(uncommitted)');
    expect(lines[2]).toMatch(/^1 of 2 pending flags shown/);
    expect(lines.at(-1)).toContain('flagstore list --all-branches --all');
    const json = await cli(repo, ['--json', 'list', '--all-branches']);
    const flags = json.json<{ flags: { id: string; branches: string[] }[] }>().flags;
    expect(flags.find((f) => f.id === loose)?.branches).toEqual([]);
  });
});
