/**
 * Round mend37a, item 4: the pre-commit hook's message ran past 80 columns: a blocking flag's
 * line (`<id>  security  <source> -> <target>  <age> old`) at 112 with two long handles, its
 * `resolve:` command at 122, `see them all:` at 87 and `emergency only:` at 106. Git shows the
 * message in terminals, editors' commit panes and CI logs: every line now fits 80 columns, and a
 * command is split only between its arguments with a ` \` continuation, so it pastes whole.
 */
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo } from './helpers.js';
import { criticalFlagNoVerify, gate, write } from './gate-helpers.js';

/** Handles of 34 characters: longer than most; two of them still fit one line of 80. */
const SOURCE = '@database.postgres-primary-replica';
const TARGET = '@frontend.checkout-experience-team';

/** The shell words of a command laid out over continued lines, as a shell would join them. */
function joined(lines: string[], from: number): string {
  let text = '';
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    text += line.trim().replace(/ \\$/, ' ');
    if (!line.endsWith(' \\')) break;
  }
  return text;
}

describe("the hook's message fits 80 columns", () => {
  it('with long handles, with and without an identity, and when overridden', async () => {
    expect(SOURCE).toHaveLength(34);
    const repo = await makeRepo();
    const id = await criticalFlagNoVerify(repo, SOURCE, '--to', TARGET);
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    const runs = [
      await gate(repo, { FLAGSTORE_AGENT: TARGET, COLUMNS: '200' }),
      await gate(repo, { FLAGSTORE_AGENT: '', COLUMNS: '200' }),
      await gate(repo, { FLAGSTORE_AGENT: TARGET, FLAGSTORE_ALLOW_CRITICAL: '1' }),
    ];
    for (const run of runs) {
      const lines = run.output.trimEnd().split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    }
    const lines = runs[0]?.output.split('\n') ?? [];
    expect(lines).toContain(`    ${SOURCE} -> ${TARGET}`);
    const resolve = lines.findIndex((l) => l.startsWith('    resolve: '));
    expect(joined(lines, resolve)).toBe(
      `resolve: flagstore complete ${id} --by ${TARGET} --notes "what was done"`,
    );
    const all = lines.findIndex((l) => l.startsWith('see them all: '));
    expect(joined(lines, all)).toBe(
      `see them all: flagstore list --impact critical --for ${TARGET}`,
    );
    expect(runs[0]?.output).toContain(
      'emergency only: FLAGSTORE_ALLOW_CRITICAL=1 git commit ... (prints this warning),\n  or git commit --no-verify',
    );
    expect(runs[1]?.output).toContain('no agent identity is set');
    expect(runs[2]?.output).toContain('overridden for this commit');
    // The command typed back as printed resolves the flag.
    const typed = joined(lines, resolve).replace(/^resolve: flagstore /, '');
    const done = await cli(repo, typed.replace(' "what was done"', ' done').split(' '));
    expect(done.code, done.stderr).toBe(0);
  });
});
