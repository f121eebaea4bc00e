/**
 * The fix named for an id no flag has, on a write: `flagstore sync` only where a remote is
 * configured to sync with (elsewhere it fails with "no remote").
 */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';

describe('a write to a mistyped id', () => {
  it('names sync only when the repository has a remote', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const alone = await cli(repo, ['lock', 'ZZZZZZZZ', '--by', '@b.two']);
    expect(alone.code).toBe(4);
    expect(alone.stderr).toContain('flagstore list --status all');
    expect(alone.stderr).not.toContain('flagstore sync');
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    git(repo, 'remote', 'add', 'origin', bare);
    const remote = await cli(repo, ['lock', 'ZZZZZZZZ', '--by', '@b.two']);
    expect(remote.code).toBe(4);
    expect(remote.stderr).toContain('flagstore sync');
  });
});
