import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo, readFlag } from './helpers.js';

const ID = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';
const HAND_WRITTEN = `---
# Written by hand by @database.postgres; keep the key order below.
id: ${ID}
flag_type: breaking_change   # the users table changed
impact_level: high
source_agent: '@database.postgres'
target_agent: "@backend.api"
status: pending
locked: false
related_files: [db/schema.sql, api/users.ts]
created_at: 2026-11-20T09:30:00Z
reviewed_in: PR-42   # unknown field, must survive
---

Some context written above the sections by hand.

## Change description

The users table gained a \`preferences\` JSON column for personalisation (migration 0042).

## Action required

1. Read the new column in api/users.ts.
2. Return it from GET /users/:id.
3. Add tests for users whose preferences are null, and update the OpenAPI document.

Trailing hand-written remark in the action section.
`;

function changedLines(repo: string): string[] {
  return git(repo, 'diff', '-U0', '--', `flags/${ID}.md`)
    .split('\n')
    .filter((l) => /^[-+][^-+]/.test(l));
}

describe('transitions on hand-written flag files', () => {
  it('change only the lines they must: comments, key order, unknown fields and prose survive', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', `${ID}.md`), HAND_WRITTEN);
    git(repo, 'add', '-A');
    // The commits only mark where each transition's diff starts; no hook run (a node process).
    git(repo, 'commit', '-q', '--no-verify', '-m', 'hand-written flag');

    expect((await cli(repo, ['validate'])).code).toBe(0);
    expect((await cli(repo, ['lock', ID.slice(0, 6), '--by', '@backend.api'])).code).toBe(0);
    const lockDiff = changedLines(repo);
    expect(lockDiff).toEqual([
      '-locked: false',
      '+locked: true',
      '+locked_by: "@backend.api"',
      expect.stringMatching(/^\+locked_at: \d{4}-/),
      '+lock_expires_at: null',
    ]);
    git(repo, 'commit', '-q', '--no-verify', '-am', 'lock');

    const done = await cli(repo, [
      'complete',
      ID,
      '--by',
      '@backend.api',
      '--notes',
      'Handled in api/users.ts.',
    ]);
    expect(done.code).toBe(0);
    const text = readFlag(repo, ID);
    for (const kept of [
      '# Written by hand by @database.postgres; keep the key order below.',
      'flag_type: breaking_change   # the users table changed',
      "source_agent: '@database.postgres'",
      'related_files: [db/schema.sql, api/users.ts]',
      'reviewed_in: PR-42   # unknown field, must survive',
      'Some context written above the sections by hand.',
      'Trailing hand-written remark in the action section.',
    ]) {
      expect(text).toContain(kept);
    }
    expect(text.endsWith('## Notes\n\nHandled in api/users.ts.\n')).toBe(true);
    const completeDiff = changedLines(repo);
    expect(completeDiff).toEqual(
      expect.arrayContaining([
        '-status: pending',
        '+status: completed',
        '-locked: true',
        '+locked: false',
      ]),
    );
    expect(completeDiff.filter((l) => l.startsWith('-')).map((l) => l.split(':')[0])).toEqual([
      '-status',
      '-locked',
      '-locked_by',
      '-locked_at',
    ]);
  });

  it('validate reports every problem with its file and line', async () => {
    const repo = await makeRepo();
    const bad = HAND_WRITTEN.replace('impact_level: high', 'impact_level: urgent')
      .replace("source_agent: '@database.postgres'", 'source_agent: database postgres')
      .replace('locked: false', 'locked: maybe')
      .replace('reviewed_in: PR-42', 'target_agnet: "@x.y"');
    writeFileSync(join(repo, 'flags', `${ID}.md`), bad);
    writeFileSync(join(repo, 'flags', 'my-flag.md'), HAND_WRITTEN);
    writeFileSync(join(repo, 'flags', '01JD3ZQ8XKQ5V7W9Y2B4C6D8EG.md'), 'no front matter here\n');
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    const file = `flags/${ID}.md`;
    expect(res.stdout).toContain(
      `${file}:5: error: impact_level must be one of critical, high, medium, low (got "urgent")`,
    );
    expect(res.stdout).toContain(
      `${file}:6: error: source_agent must be a handle like @domain.module`,
    );
    expect(res.stdout).toContain(`${file}:9: error: locked must be true or false`);
    expect(res.stdout).toContain(
      `${file}:12: warning: unknown field target_agnet: did you mean target_agent?`,
    );
    expect(res.stdout).toContain('flags/my-flag.md:1: error: file name must be <id>.md');
    expect(res.stdout).toContain(
      'flags/01JD3ZQ8XKQ5V7W9Y2B4C6D8EG.md:1: error: missing front matter',
    );
    expect(res.stdout).toContain('3 file(s) checked, 3 invalid');
    const json = await cli(repo, ['--json', 'validate', `flags/${ID}.md`]);
    expect(json.code).toBe(3);
    const report = json.json<{
      valid: boolean;
      files: { problems: { line: number; field: string }[] }[];
    }>();
    expect(report.valid).toBe(false);
    expect(report.files[0]?.problems.map((p) => [p.field, p.line])).toEqual(
      expect.arrayContaining([
        ['impact_level', 5],
        ['locked', 9],
      ]),
    );
  });

  it('an unknown status is the only problem reported, not also read as pending', async () => {
    const repo = await makeRepo();
    const done = HAND_WRITTEN.replace('status: pending', 'status: done').replace(
      'locked: false',
      'locked: false\ncompleted_at: 2026-11-21T10:00:00Z\ncompleted_by: "@backend.api"',
    );
    writeFileSync(join(repo, 'flags', `${ID}.md`), done);
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('error: status must be one of pending, completed (got "done")');
    expect(res.stdout).not.toContain('a pending flag cannot have');
  });

  it('an unquoted handle, which YAML refuses, gets the quoted line as its fix', async () => {
    const repo = await makeRepo();
    const bare = HAND_WRITTEN.replace(
      'target_agent: "@backend.api"',
      'target_agent: @db-migrations',
    );
    writeFileSync(join(repo, 'flags', `${ID}.md`), bare);
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain(
      `flags/${ID}.md:7: error: malformed front matter: Plain value cannot start with reserved character @`,
    );
    expect(res.stdout).toContain('(fix: quote the value: target_agent: "@db-migrations")');
  });

  it('refuses JavaScript front matter instead of evaluating it', async () => {
    const repo = await makeRepo();
    const marker = join(repo, 'pwned');
    const evil = `---js\n{ id: require('fs').writeFileSync(${JSON.stringify(marker)}, 'x') }\n---\nbody\n`;
    writeFileSync(join(repo, 'flags', `${ID}.md`), evil);
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('missing front matter');
    expect((await cli(repo, ['list'])).code).toBe(0);
    expect(await import('node:fs').then((fs) => fs.existsSync(marker))).toBe(false);
  });
});
