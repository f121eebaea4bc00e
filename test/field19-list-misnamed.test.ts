/**
 * Field sweep 19: a markdown file in the flags folder not named `<id>.md` (a hand-written
 * `flags/README.md`, a flag renamed by hand) is no flag to any reader. `validate` and `check`
 * report it; `list` and the board must too, counting and naming it with the command that shows
 * why, as `list` does for flag files that fail to parse, so a flag renamed by hand is not
 * silently missing from the listing.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAG_FILE_NAME_RULE } from '../src/core/ids.js';
import { loadBoard } from '../src/services/board-data.js';
import { openWorkspace } from '../src/services/workspace.js';
import { cli, createFlag, makeRepo } from './helpers.js';

const NOTES = '# Flags\n\nNotes for humans.\n';

async function withStrays(): Promise<string> {
  const repo = await makeRepo();
  await createFlag(repo, '@db.pg', 'change', '--to', '@api.web');
  writeFileSync(join(repo, 'flags', 'README.md'), NOTES);
  writeFileSync(join(repo, 'flags', 'renamed-by-hand.md'), NOTES);
  writeFileSync(join(repo, 'flags', 'script.sh'), 'echo not markdown\n');
  // Not files: a folder and a symlink with markdown names are left out, as readers leave them.
  mkdirSync(join(repo, 'flags', 'drafts.md'));
  symlinkSync('README.md', join(repo, 'flags', 'link.md'));
  return repo;
}

describe('list and the board name files in the flags folder not named <id>.md', () => {
  it('list counts and names them on stderr with the command that shows why', async () => {
    const repo = await withStrays();
    const res = await cli(repo, ['list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('1 pending flag');
    expect(res.stderr).toContain(
      '2 file(s) in flags/ not named <id>.md, not read as flags; fix: flagstore validate shows why',
    );
    expect(res.stderr).toContain(`  flags/README.md: skipped: ${FLAG_FILE_NAME_RULE}`);
    expect(res.stderr).toContain('  flags/renamed-by-hand.md: skipped');
    expect(res.stderr).not.toContain('script.sh');
    expect(res.stderr).not.toContain('drafts.md');
    expect(res.stderr).not.toContain('link.md');
  });

  it('list --json and the board report them as invalid files with the file-name problem', async () => {
    const repo = await withStrays();
    const res = await cli(repo, ['--json', 'list']);
    const json = res.json<{ invalid: { path: string; problems: { message: string }[] }[] }>();
    expect(json.invalid.map((f) => f.path)).toEqual([
      'flags/README.md',
      'flags/renamed-by-hand.md',
    ]);
    expect(json.invalid[0]?.problems[0]?.message).toBe(FLAG_FILE_NAME_RULE);
    const board = await loadBoard(await openWorkspace(repo));
    expect(board.data.invalid.map((f) => f.path)).toEqual([
      'flags/README.md',
      'flags/renamed-by-hand.md',
    ]);
    expect(board.data.rows).toHaveLength(1);
  });

  it('says nothing when the flags folder holds only flags', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@db.pg', 'change', '--to', '@api.web');
    const res = await cli(repo, ['list']);
    expect(res.stderr).not.toContain('not named <id>.md');
  });
});
