// A commit that deletes a flag file (field trial 40): the pre-commit gate passed it and only
// `check` in CI refused it. Flags are completed, never deleted (the seed's protocol), so the gate
// now refuses the same commit with check's message and fix.
import { renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, readFlag, tempDir } from './helpers.js';
import { commit, gate } from './gate-helpers.js';

const RULE = 'a flag file was deleted, and flags are completed, not deleted; fix: git checkout';

/** The fix's completion, split into arguments as a shell would (`--notes "what was done"`). */
function completionArgs(output: string): string[] {
  const words = /, then flagstore (complete .*)$/m.exec(output)?.[1] ?? '';
  return (words.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"(.*)"$/, '$1'));
}

describe('a staged deletion of a flag file', () => {
  it('is refused by the gate as check refuses it, with the same message and a fix that runs', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const path = `flags/${id}.md`;
    const complete = `flagstore complete ${id} --by @b.two --notes "what was done"`;
    git(repo, 'rm', '-q', path);
    const refused = await gate(repo);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/fail {2}flags/);
    expect(refused.output).toContain(
      `${path}: flag ${id}: ${RULE} HEAD -- ${path}, then ${complete}`,
    );
    // The same deletion committed past the gate: check names it alike, from its base.
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    expect(commit(repo, ['--no-verify', '-q']).code).toBe(0);
    const checked = await cli(repo, ['check', '--base', base]);
    expect(checked.code).toBe(3);
    expect(checked.stdout + checked.stderr).toContain(
      `flag ${id}: ${RULE} ${base.slice(0, 10)} -- ${path}, then ${complete}`,
    );
    // The fix as printed, with no agent identity set (complete refuses without --by then).
    git(repo, 'checkout', base.slice(0, 10), '--', path);
    const args = completionArgs(checked.stdout + checked.stderr);
    expect(args).toEqual(['complete', id, '--by', '@b.two', '--notes', 'what was done']);
    expect((await cli(repo, args, { FLAGSTORE_AGENT: '' })).code).toBe(0);
  });

  it("names the agent's own handle for a flag for anyone, and only restores a completed one", async () => {
    const repo = await makeRepo();
    const anyone = await createFlag(repo, '@a.one', 'change', '--commit');
    const done = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    await cli(repo, ['complete', done, '--by', '@b.two', '--commit']);
    git(repo, 'rm', '-q', `flags/${anyone}.md`, `flags/${done}.md`);
    const refused = await gate(repo);
    expect(refused.output).toContain(
      `then flagstore complete ${anyone} --by @your.agent --notes "what was done"`,
    );
    expect(refused.output).toContain(`${RULE} HEAD -- flags/${done}.md\n`);
  });

  it('passes a commit that deletes another file of the flags folder, not a flag', async () => {
    const repo = await makeRepo();
    git(repo, 'rm', '-q', 'flags/.gitkeep');
    const res = await gate(repo);
    expect(res.output).toMatch(/pass {2}flags/);
  });
});

/**
 * Stages `edit` of a committed flag's file, then asks the gate, and check of the same change
 * committed past the gate (--no-verify): both must refuse it in `sentence`, from HEAD and from
 * the base (`{from}` in the sentence).
 */
async function gateAndCheck(
  repo: string,
  o: { id: string; edit: (text: string) => string; sentence: string },
): Promise<void> {
  const path = `flags/${o.id}.md`;
  writeFileSync(join(repo, path), o.edit(readFlag(repo, o.id)));
  git(repo, 'add', path);
  const refused = await gate(repo);
  expect(refused.code).not.toBe(0);
  expect(refused.output).toMatch(/fail {2}flags/);
  expect(refused.output).toContain(`${path}: ${o.sentence.replace('{from}', 'HEAD')}`);
  const base = git(repo, 'rev-parse', 'HEAD').trim();
  expect(commit(repo, ['--no-verify', '-q']).code).toBe(0);
  const checked = await cli(repo, ['check', '--base', base]);
  expect(checked.code).toBe(3);
  expect(checked.stdout + checked.stderr).toContain(
    o.sentence.replace('{from}', base.slice(0, 10)),
  );
}

// Two more changes check refused and the gate passed (round mend42): the gate now applies
// check's transition rules (core/transition-rules.ts) to each modified flag's HEAD copy.
describe('a staged change to a flag file that check refuses', () => {
  it('reopening a completed flag by hand is refused by the gate as by check', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    await cli(repo, ['complete', id, '--by', '@b.two', '--commit']);
    await gateAndCheck(repo, {
      id,
      edit: (text) =>
        text
          .replace('status: completed', 'status: pending')
          .replace(/completed_at: .*/, 'completed_at: null')
          .replace(/completed_by: .*/, 'completed_by: null'),
      sentence: `flag ${id}: a completed flag was reopened, and a completed flag stays completed; fix: git checkout {from} -- flags/${id}.md, and raise what is left as a new flag (flagstore create)`,
    });
  });

  it('rewriting a fixed field (source_agent) is refused by the gate as by check', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    await gateAndCheck(repo, {
      id,
      edit: (text) => text.replace('source_agent: "@a.one"', 'source_agent: "@z.zed"'),
      sentence: `flag ${id}: source_agent rewritten (@a.one -> @z.zed), and id, flag_type, source_agent and created_at never change once a flag exists; fix: set source_agent back to @a.one in flags/${id}.md`,
    });
  });

  it('passes a legal edit of a flag file (its impact raised by hand)', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const path = `flags/${id}.md`;
    writeFileSync(
      join(repo, path),
      readFlag(repo, id).replace('impact_level: medium', 'impact_level: high'),
    );
    git(repo, 'add', path);
    const res = await gate(repo);
    expect(res.output).toMatch(/pass {2}flags/);
  });
});

describe('a flag file replaced by a symlink', () => {
  it('is refused by the gate as check refuses it, saying what it is, not "missing front matter"', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const path = `flags/${id}.md`;
    const target = join(tempDir(), 'flag.md');
    renameSync(join(repo, path), target);
    symlinkSync(target, join(repo, path));
    git(repo, 'add', path);
    const said = `${path} is not a regular file (a symlink or a folder)`;
    const refused = await gate(repo);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`${path}: line 1: ${said}; replace it with the flag file`);
    expect(refused.output).not.toContain('front matter');
    expect(commit(repo, ['--no-verify', '-q']).code).toBe(0);
    const checked = await cli(repo, ['check', '--base', 'HEAD~1']);
    expect(checked.code).toBe(3);
    expect(checked.stdout + checked.stderr).toContain(
      'is not a regular file (a symlink or a folder)',
    );
  });
});
