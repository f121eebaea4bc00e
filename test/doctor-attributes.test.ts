/**
 * doctor's `attributes` check without git-lfs (field-lfs.test.ts has it): any filter on flag
 * files, a later merge= line, and the untrusted names it prints (the attribute value from
 * `.gitattributes`, the folders from `.flagstore.yml`) reach the terminal without controls.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../src/gates/doctor.js';
import { cli, makeRepo } from './helpers.js';

describe('doctor: attributes in effect for flag and agent files', () => {
  it('names a filter and a later merge= line, with the lines that fix them', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['doctor'])).stdout).toContain('no filter on flag and agent files');
    appendFileSync(join(repo, '.gitattributes'), '*.md filter=crypt\nflags/*.md merge=union\n');
    const res = await cli(repo, ['doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('flags/*.md goes through the "crypt" filter');
    expect(res.stdout).toContain('agents/*.md goes through the "crypt" filter');
    expect(res.stdout).toContain('a later .gitattributes line sets merge=union for flags/*.md');
    expect(res.stdout).toContain('/flags/*.md !filter !diff merge=flagstore text eol=lf');
  });

  it('checks every catalog folder, .claude/agents too', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, '.flagstore.yml'), 'agents_dir: [agents, .claude/agents]\n');
    appendFileSync(join(repo, '.gitattributes'), '.claude/**/*.md filter=lfs\n');
    const res = await cli(repo, ['doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('.claude/agents/*.md goes through the "lfs" filter');
    expect(res.stdout).not.toContain(' agents/*.md goes through');
    expect(res.stdout).toContain('/.claude/agents/**/*.md !filter !diff text eol=lf');
    expect(res.stdout).toContain('git add --renormalize -- flags agents .claude/agents');
  });

  it('writes folder names in the fix as .gitattributes patterns, as init writes them', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, '.flagstore.yml'), 'flags_dir: "team flags"\n');
    appendFileSync(join(repo, '.gitattributes'), '*.md filter=lfs\n');
    const res = await cli(repo, ['doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('"/team[ ]flags/*.md" !filter !diff merge=flagstore text eol=lf');
  });

  it('prints no control character from .gitattributes or .flagstore.yml', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, '.flagstore.yml'), 'flags_dir: "fl\\e[2Jags"\n');
    appendFileSync(join(repo, '.gitattributes'), '*.md filter=x\x1b]0;title\x07\n');
    const res = await cli(repo, ['doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('goes through the');
    // eslint-disable-next-line no-control-regex -- these are the characters to look for
    expect(res.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('reports a failed check, not a crash, when git check-attr fails (a corrupt index)', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, '.git', 'index'), 'DIRC\0\0\0\x02garbage');
    const res = await cli(repo, ['--json', 'doctor']);
    expect(res.code).toBe(1);
    const checks = (JSON.parse(res.stdout) as { checks: DoctorCheck[] }).checks;
    expect(checks.find((c) => c.name === 'attributes')).toEqual({
      name: 'attributes',
      ok: false,
      detail: 'git check-attr failed: fatal: .git/index: index file smaller than expected',
      fix: null,
    });
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['attributes']);
  });
});
