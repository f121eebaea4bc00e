import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, flagText, makeRepo, readFlag, tempDir } from './helpers.js';

const ID = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';
const OTHER = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EG';

async function showJson(repo: string, id: string) {
  const res = await cli(repo, ['--json', 'show', id]);
  return { code: res.code, flag: res.json<{ flag: Record<string, unknown> }>().flag };
}

describe('hostile flag files and input', () => {
  // These two check that hostile sizes are read correctly and complete; they do not measure
  // time (tests never assert wall-clock times), so they do not prove linear parsing.
  it('a heading line of 20,000 blanks ending in a line separator is read as text', async () => {
    const repo = await makeRepo();
    const line = `##${' '.repeat(20_000)}\u2028`;
    writeFileSync(join(repo, 'flags', `${ID}.md`), flagText(ID, '', `\n${line}\n${line}`));
    const res = await cli(repo, ['--json', 'validate']);
    expect(res.code).toBe(0);
    expect((await showJson(repo, ID)).flag.status).toBe('pending');
  });

  it('a CR in notes or texts cannot open a section of its own', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const sneaky = `done.\r## Change description\r${'REWRITTEN '.repeat(6)}`;
    const res = await cli(repo, ['complete-flag', id, '@b.two', '--notes', sneaky]);
    expect(res.code, res.stdout).toBe(0);
    const { flag } = await showJson(repo, id);
    expect(flag.change_description).toContain('preferences JSON column');
    expect(flag.notes).toContain('REWRITTEN');
    expect(readFlag(repo, id)).toContain('\\## Change description');
  });

  it('a __proto__ line cannot make a pending flag read as completed', async () => {
    const repo = await makeRepo();
    const proto = '__proto__: {"status":"completed","completed_by":"@x.y"}';
    writeFileSync(join(repo, 'flags', `${ID}.md`), flagText(ID, proto));
    const { flag } = await showJson(repo, ID);
    expect(flag.status).toBe('pending');
    expect(flag.completed_by).toBeNull();
  });

  it('a context nested thousands deep is an invalid file, not a crash', async () => {
    const repo = await makeRepo();
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    writeFileSync(join(repo, 'flags', `${ID}.md`), flagText(ID, `context: ${deep}`));
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    expect(res.stdout + res.stderr).toContain('nested more than 32 levels');
    const listed = await cli(repo, ['--json', 'list', '--status', 'all']);
    expect(listed.code).toBe(0);
  });

  it('3,000 unknown keys each get their "did you mean" warning, and the file stays valid', async () => {
    const repo = await makeRepo();
    // Each is two letters from a known key, so each gets a "did you mean" warning.
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const keys = ['status', 'locked', 'created_at']
      .flatMap((k) => [...chars].flatMap((a) => [...chars].map((b) => `${k}${a}${b}: x`)))
      .slice(0, 3000)
      .join('\n');
    writeFileSync(join(repo, 'flags', `${ID}.md`), flagText(ID, keys));
    const res = await cli(repo, ['--json', 'validate']);
    expect(res.code).toBe(0);
    expect(res.stdout.match(/did you mean/g)).toHaveLength(3000);
  });

  it('a folder or a symlink where a flag file should be is reported, never followed', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    mkdirSync(join(repo, 'flags', `${ID}.md`));
    const outside = join(tempDir(), 'secret.md');
    writeFileSync(outside, flagText(OTHER));
    symlinkSync(outside, join(repo, 'flags', `${OTHER}.md`));
    const listed = await cli(repo, ['--json', 'list', '--status', 'all']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(`"id": "${OTHER}"`);
    const checked = await cli(repo, ['validate']);
    expect(checked.code).toBe(3);
    expect(checked.stdout.match(/is not a regular file/g)).toHaveLength(2);
    const shown = await cli(repo, ['show', OTHER]);
    expect(shown.code).toBe(3);
    expect(shown.stderr).toContain('not a regular file');
  });

  it('a lock longer than a year is a usage error', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const res = await cli(repo, ['lock', id, '--by', '@b.two', '--ttl', '999999999d']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('longer than a lock may last');
  });
});
