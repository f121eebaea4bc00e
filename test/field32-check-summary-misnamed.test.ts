/**
 * `check` refused an added flag file named unlike `<id>.md` (a finding, exit 3), yet the step
 * summary's "Flag changes" table left it out: the review reads flags by id, and such a file has
 * none. The table now lists every such file the change adds with the invalid flag files; one
 * already in the base stays out of the table (the findings above it still name it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo, tempDir } from './helpers.js';

describe("check's step summary and a flag file with a wrong name", () => {
  it('lists an added misnamed file as invalid, escaped, and leaves out one the base has', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', 'old-name.md'), 'not a flag\n');
    git(repo, 'add', 'flags/old-name.md');
    git(repo, '-c', 'core.hooksPath=/dev/null', 'commit', '-qm', 'old misnamed file');
    writeFileSync(join(repo, 'flags', 'my|flag.md'), 'not a flag either\n');
    const summary = join(tempDir(), 'summary.md');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const res = await cli(repo, ['check', '--base', 'HEAD'], env);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('flags/old-name.md');
    const md = readFileSync(summary, 'utf8');
    const table = md.slice(md.indexOf('## Flag changes'));
    expect(table).toContain('1 invalid');
    expect(table).toContain('### Invalid flag files');
    expect(table).toContain('| my\\|flag.md | invalid |');
    expect(table).toContain('file name must be &lt;id&gt;.md');
    expect(table).not.toContain('old-name.md');
  });
});
