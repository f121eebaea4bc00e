/** Round six's review: control characters in agent files, and a tab in an imported location. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, makeRepo } from './helpers.js';
import { originalDatabase } from './original-db.js';

const HOSTILE = 'REST \u001b]0;pwned\u0007 \u202e';

/** An original database: the schema's three agents, one hostile agent, one flag with a tab. */
function database(): Promise<string> {
  return originalDatabase(fill);
}

function fill(db: Database): void {
  db.run('INSERT INTO agents_catalog (name, type, role) VALUES (?, ?, ?)', [
    '@evil.one',
    `api${HOSTILE}`,
    JSON.stringify([`Role ${HOSTILE}`]),
  ]);
  db.run(
    `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
      action_required, impact_level, status, code_location, created_at)
      VALUES (1, 'change', '@a.one', '@b.two', ?, ?, 'medium', 'pending', ?, '2025-01-15 09:00')`,
    [CHANGE, ACTION, 'src/a\tb.ts:12'],
  );
}

describe('control characters in agent files', () => {
  it('agents add refuses them with the fix, and writes nothing', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['agents', 'add', 'evil.one', '--description', HOSTILE]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('description holds a control character (U+001B ESC)');
    expect(res.stderr).toContain('fix: remove the character');
    expect((await cli(repo, ['agents', 'list'])).stdout).not.toContain('evil');
    expect(readFileSync(join(repo, 'agents', '.gitkeep'), 'utf8')).toBe('');
  });

  it('validate warns on an agent file that holds them', async () => {
    const repo = await makeRepo();
    const text = `---\nname: evil.one\ndescription: "${HOSTILE.replace('\u001b', '\\e').replace('\u0007', '\\a')}"\n---\nbody\n`;
    writeFileSync(join(repo, 'agents', 'evil.one.md'), text);
    const res = await cli(repo, ['validate', 'agents']);
    expect(res.stdout).toContain(
      'warning: description holds a control character (U+001B ESC) at character 6',
    );
  });

  it('import-sqlite takes them out of agents_catalog rows and records each repair', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['--json', 'import-sqlite', await database(), '--tz', 'UTC']);
    expect(res.code, res.stderr).toBe(0);
    const report = res.json<{
      agents: { written: { handle: string; repairs: string[] }[] };
      flags: { written: { repairs: string[] }[] };
    }>();
    const evil = report.agents.written.find((a) => a.handle === '@evil.one');
    expect(evil?.repairs).toEqual([
      'type: 3 control or bidi character(s) removed (U+001B ESC, U+0007 BEL, U+202E RIGHT-TO-LEFT OVERRIDE)',
      'role: 3 control or bidi character(s) removed (U+001B ESC, U+0007 BEL, U+202E RIGHT-TO-LEFT OVERRIDE)',
    ]);
    const file = readFileSync(join(repo, 'agents', 'evil.one.md'), 'utf8');
    for (const held of ['\u001b', '\u0007', '\u202e', '\\e', '\\a', '\\u202e'])
      expect(file).not.toContain(held);
    expect((await cli(repo, ['validate', 'agents'])).stdout).not.toContain('control character');
    // A tab in code_location, which create refuses, is repaired like a line break.
    expect(report.flags.written[0]?.repairs).toContain(
      'code_location "src/a\tb.ts:12" holds a line break or tab; kept here only',
    );
    const shown = await cli(repo, ['--json', 'show', '#1']);
    expect(shown.json<{ flag: { code_location: string | null } }>().flag.code_location).toBeNull();
  });
});

describe('--json output and C1 controls or bidi marks', () => {
  it('writes them as \\u escapes, the same JSON value', async () => {
    const repo = await makeRepo();
    const description = 'REST \u009b31m and \u202e override \u007f';
    const yaml = 'description: "REST \\u009b31m and \\u202e override \\u007f"';
    writeFileSync(join(repo, 'agents', 'evil.two.md'), `---\nname: evil.two\n${yaml}\n---\nbody\n`);
    const res = await cli(repo, ['--json', 'agents', 'show', '@evil.two']);
    expect(res.code, res.stderr).toBe(0);
    for (const raw of ['\u009b', '\u202e', '\u007f']) expect(res.stdout).not.toContain(raw);
    expect(res.stdout).toContain('"REST \\u009b31m and \\u202e override \\u007f"');
    expect(JSON.stringify(res.json())).toContain(JSON.stringify(description).slice(1, -1));
  });
});
