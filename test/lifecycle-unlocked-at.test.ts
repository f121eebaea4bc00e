import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, flagText, makeRepo, readFlag } from './helpers.js';

// An unlock records its time (`unlocked_at`); flags never unlocked keep their bytes and shape.

const UNLOCKED_LINE = /^unlocked_at: (\S+)\n/m;

interface Shown {
  flag: { locked: boolean; unlocked_at: string | null };
}

async function shown(repo: string, id: string): Promise<Shown['flag']> {
  const res = await cli(repo, ['--json', 'show', id]);
  expect(res.code, res.stderr).toBe(0);
  return res.json<Shown>().flag;
}

describe('unlocked_at', () => {
  it('is one line an unlock adds; the rest of that file and every other file keep their bytes', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const other = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const [before, otherBefore] = [readFlag(repo, id), readFlag(repo, other)];
    expect(before).not.toContain('unlocked_at');
    expect(await cli(repo, ['lock', id, '--by', '@b.two'])).toMatchObject({ code: 0 });
    expect(readFlag(repo, id)).not.toContain('unlocked_at');
    expect(await cli(repo, ['unlock', id, '--by', '@b.two'])).toMatchObject({ code: 0 });
    const after = readFlag(repo, id);
    const released = UNLOCKED_LINE.exec(after)?.[1];
    expect(Date.parse(released ?? '')).not.toBeNaN();
    expect(after.replace(UNLOCKED_LINE, '')).toBe(before);
    expect(readFlag(repo, other)).toBe(otherBefore);
    expect(await shown(repo, id)).toMatchObject({ locked: false, unlocked_at: released });
    expect(await shown(repo, other)).toMatchObject({ unlocked_at: null });
    // A new lock keeps the last release's time; the lock's own time is newer.
    expect(await cli(repo, ['lock', id, '--by', '@b.two'])).toMatchObject({ code: 0 });
    expect(await shown(repo, id)).toMatchObject({ locked: true, unlocked_at: released });
    expect((await cli(repo, ['validate'])).code).toBe(0);
  });

  it('validates as a time when present, and a file without it reads as never unlocked', async () => {
    const repo = await makeRepo();
    const [good, bad] = ['01JD3ZQ8X5K2M4N6P8R0T2V4W6', '01JD3ZQ8X5K2M4N6P8R0T2V4W7'];
    writeFileSync(join(repo, 'flags', `${good}.md`), flagText(good));
    writeFileSync(join(repo, 'flags', `${bad}.md`), flagText(bad, 'unlocked_at: yesterday'));
    expect(await shown(repo, good)).toMatchObject({ locked: false, unlocked_at: null });
    const res = await cli(repo, ['--json', 'validate']);
    expect(res.code).not.toBe(0);
    const files = res.json<{ files: { path: string; valid: boolean; problems: unknown[] }[] }>();
    const byPath = new Map(files.files.map((f) => [f.path, f]));
    expect(byPath.get(`flags/${good}.md`)?.valid).toBe(true);
    expect(byPath.get(`flags/${bad}.md`)?.valid).toBe(false);
    expect(JSON.stringify(byPath.get(`flags/${bad}.md`)?.problems)).toContain('unlocked_at');
  });
});
