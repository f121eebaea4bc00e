/**
 * A flag file is read through one open that never follows a symlink and never waits on a FIFO:
 * a link, a folder or a FIFO where a flag file should be is reported as not a regular file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, makeRepo, tempDir } from './helpers.js';

const LINK = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EA';
const FOLDER = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EB';
const FIFO = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EC';

describe('reading a flag file through one open', () => {
  it('reports a symlink, a folder and a FIFO, cold and warm, and reads nothing through them', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const outside = join(tempDir(), 'secret.md');
    const real = readFileSync(join(repo, 'flags', `${id}.md`), 'utf8');
    writeFileSync(outside, real.replaceAll(id, LINK).replace('@b.two', '@leak.me'));
    symlinkSync(outside, join(repo, 'flags', `${LINK}.md`));
    mkdirSync(join(repo, 'flags', `${FOLDER}.md`));
    execFileSync('mkfifo', [join(repo, 'flags', `${FIFO}.md`)]);
    for (const run of ['cold', 'warm']) {
      if (run === 'cold') rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
      const listed = await cli(repo, ['--json', 'list', '--status', 'all']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).not.toContain('@leak.me');
      const json = listed.json<{
        flags: { id: string }[];
        invalid: { path: string; problems: { message: string }[] }[];
      }>();
      expect(json.flags.map((f) => f.id)).toEqual([id]);
      expect(json.invalid.map((i) => i.path)).toEqual(
        [LINK, FOLDER, FIFO].map((name) => `flags/${name}.md`),
      );
      for (const invalid of json.invalid) {
        expect(invalid.problems[0]?.message).toContain('is not a regular file');
      }
    }
  });
});
