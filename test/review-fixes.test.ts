/** Fixes from a review and a new user's tryout: what list says of invalid files, and more. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, flagText, makeRepo, readFlag } from './helpers.js';

const ID = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';

describe('list and invalid work-tree files', () => {
  it('says a flag whose file is invalid is shown from the ledger, not skipped', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const path = join(repo, 'flags', `${id}.md`);
    writeFileSync(path, readFlag(repo, id).replace('impact_level: medium', 'impact_level: huge'));
    const res = await cli(repo, ['list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(id.slice(-5));
    expect(res.stderr).not.toContain('skipped');
    expect(res.stderr).toContain(`flags/${id}.md: shown from the ledger; the file is invalid:`);
    expect(res.stderr).toContain('impact_level must be one of');
    expect(res.stderr).toContain('fix: flagstore validate');
  });

  it('still says a hand-written invalid file without a ledger copy is skipped', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', `${ID}.md`), flagText(ID, 'status: sleeping'));
    const res = await cli(repo, ['list']);
    expect(res.stdout).toContain('no flags');
    expect(res.stderr).toContain(`1 invalid flag file(s): 1 skipped`);
    expect(res.stderr).toContain(`flags/${ID}.md: skipped: status must be one of`);
  });
});
