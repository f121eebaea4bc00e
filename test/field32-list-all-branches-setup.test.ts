/**
 * `list --all-branches` in a repository that never ran `flagstore init` printed a bare "no
 * flags", where `list` names the fix. Both now say the same; JSON stays an empty listing.
 */
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo, tempDir } from './helpers.js';

const NO_SETUP =
  'no flags: flagstore is not set up in this repository; set it up with: flagstore init';

describe('list --all-branches in a repository never set up', () => {
  it('gives the set-up hint list gives, in human output only', async () => {
    const bare = tempDir();
    git(bare, 'init', '-q');
    const human = await cli(bare, ['list', '--all-branches']);
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toBe(NO_SETUP);
    expect((await cli(bare, ['list'])).stdout.trim()).toBe(NO_SETUP);
    const json = await cli(bare, ['--json', 'list', '--all-branches']);
    expect(json.json()).toEqual({ schema_version: 1, flags: [], invalid: [] });
  });

  it('says only "no flags" where flagstore is set up', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['list', '--all-branches'])).stdout.trim()).toBe('no flags');
  });
});
