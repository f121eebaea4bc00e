/**
 * `list --all-branches` that finds nothing says what `list` says: its line (`no flags`, or the
 * set-up hint) and, for `--for` a handle the catalog lacks, the warning naming the closest
 * handles on standard error. It printed a bare "no flags" for a mistyped handle, which reads as
 * "nothing to do".
 */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, makeRepo } from './helpers.js';

const HINT =
  'no completed flag is for @backend.apii, which is not in the agent catalog; did you mean @backend.api?';

describe('list --all-branches with nothing matching', () => {
  it('says what list says, with its hint for a handle the catalog lacks (text and JSON)', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['agents', 'add', 'backend.api', '--description', 'API'])).code).toBe(
      0,
    );
    await createFlag(repo, '@a.one', 'change', '--to', '@backend.api', '--commit');
    const args = ['--status', 'completed', '--for', '@backend.apii'];
    const plain = await cli(repo, ['list', ...args]);
    const branches = await cli(repo, ['list', '--all-branches', ...args]);
    expect(plain.stderr).toContain(HINT);
    expect(branches.stdout).toBe(plain.stdout);
    expect(branches.stderr).toBe(plain.stderr);
    expect(branches.stdout.trim()).toBe('no flags');
    const json = await cli(repo, ['--json', 'list', '--all-branches', ...args]);
    expect(json.json()).toEqual({ schema_version: 1, flags: [], invalid: [] });
    expect(json.stderr).toContain(HINT);
    // A handle the catalog knows gets no warning, as list gives none.
    const known = ['list', '--all-branches', '--status', 'completed', '--for', '@backend.api'];
    expect((await cli(repo, known)).stderr).toBe('');
  });
});
