/**
 * Round mend37a, item 5: every id flagstore prints resolves when typed back (issue 11). Tables
 * print a short suffix unique among the flags; commit messages printed the first ten characters,
 * the creation time to the millisecond, which flags made in one millisecond share, as do all the
 * flags an import made from one second of a seed database: typed back, that form matched several
 * flags. Commit messages now carry the last ten characters, which the table's form ends with.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, flagText, git, makeRepo } from './helpers.js';

/** Two flags of one millisecond: the same time part, different random parts. */
const IDS = ['01KAFYQ2R0A7XK3M9PQRST4VW1', '01KAFYQ2R0H2CN8D5EFGHJ6KM2'];

describe('the id a commit message prints resolves when typed back', () => {
  it('for flags created in the same millisecond, as the table form does', async () => {
    const repo = await makeRepo();
    for (const id of IDS) writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'two flags');
    const [first = ''] = IDS;
    expect((await cli(repo, ['lock', first, '--by', '@b.two', '--commit'])).code).toBe(0);
    const subject = git(repo, 'log', '-1', '--format=%s');
    const printed = /^flag ([0-9A-Z]+): lock by @b\.two/.exec(subject)?.[1] ?? '';
    const shown = await cli(repo, ['--json', 'show', printed]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.json<{ flag: { id: string } }>().flag.id).toBe(first);
    expect(printed).toBe(first.slice(-10));
    // The table's short form is the end of the message's form.
    const table = (await cli(repo, ['list', '--status', 'all'])).stdout;
    const short =
      table
        .split('\n')
        .find((l) => l.includes('locked'))
        ?.split(' ')[0] ?? '';
    expect(short.length).toBeGreaterThanOrEqual(5);
    expect(printed.endsWith(short)).toBe(true);
  });

  it('is what the id arguments say they take: the start or the end of an id', async () => {
    const repo = await makeRepo();
    for (const command of ['show', 'lock', 'log']) {
      const help = (await cli(repo, [command, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help, command).toContain('4+ characters of its start or end');
    }
  });
});
