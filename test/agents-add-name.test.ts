/**
 * `agents add Bad_Name` used to write `agents/bad_name.md` and say only `created ...`: the name
 * other agents must target was not the one typed. A handle is lowercase (docs/agents.md, and
 * Claude Code's own rule for subagent names), so a name that is a handle only once lowercased
 * or with its spaces made hyphens is refused, naming the form to type, and nothing is written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeRepo } from './helpers.js';

describe('agents add with a name that is not in handle form', () => {
  it('refuses an upper-case name with the lowercase command, writing nothing', async () => {
    const repo = await makeRepo();
    const before = readdirSync(join(repo, 'agents')).sort();
    const res = await cli(repo, ['--json', 'agents', 'add', 'Bad_Name', '--description', 'x']);
    expect(res.code).toBe(3);
    const error = res.json<{ error: { message: string; fix: string } }>().error;
    expect(error.message).toContain('"Bad_Name"');
    expect(error.message).toContain('lowercase');
    expect(error.fix).toContain('flagstore agents add bad_name');
    expect(readdirSync(join(repo, 'agents')).sort()).toEqual(before);
  });

  it('refuses a name with spaces, naming the hyphenated one; the handle form is created', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['agents', 'add', '@Code Reviewer', '--description', 'x']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('flagstore agents add @code-reviewer');
    expect(existsSync(join(repo, 'agents', 'code-reviewer.md'))).toBe(false);
    const good = await cli(repo, ['agents', 'add', '@code-reviewer', '--description', 'x']);
    expect(good.code).toBe(0);
    expect(existsSync(join(repo, 'agents', 'code-reviewer.md'))).toBe(true);
  });
});
