import { cpSync, readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, readFlag, tempDir } from './helpers.js';
import { copyOfOnce } from './template-copy.js';

interface Change {
  id: string;
  kind: string;
  fields: string[];
  illegal: string[];
  impact_level: string | null;
}

async function changes(repo: string, ...args: string[]): Promise<Change[]> {
  const res = await cli(repo, ['diff', '--format', 'json', ...args]);
  expect(res.stderr).toBe('');
  return res.json<{ changes: Change[] }>().changes;
}

/** Creates a pending critical security flag for `to`. */
function criticalFlag(repo: string, to: string): Promise<string> {
  return createFlag(repo, '@a.one', 'security', '--impact', 'critical', '--to', to);
}

/** Replaces text in a flag file (which must contain it). */
function rewrite(repo: string, id: string, from: string, to: string): void {
  const path = join(repo, 'flags', `${id}.md`);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', message);
}

/**
 * A repository with four committed pending flags on main, and a feature branch checked out: a
 * copy of one built once in this file.
 */
function branchRepo(): Promise<{ repo: string; ids: string[] }> {
  return copyOfOnce('branch-repo', buildBranchRepo);
}

async function buildBranchRepo(): Promise<{ repo: string; ids: string[] }> {
  const repo = await makeRepo();
  const ids = [];
  for (let i = 0; i < 4; i++)
    ids.push(await createFlag(repo, '@a.one', 'change', '--to', '@b.two'));
  commitAll(repo, 'flags');
  git(repo, 'checkout', '-q', '-b', 'feature');
  return { repo, ids };
}

describe('flagstore diff', () => {
  it('classifies created, locked, completed, edited and deleted flags against the merge base', async () => {
    const { repo, ids } = await branchRepo();
    const [a, b, c, d] = ids as [string, string, string, string];
    await cli(repo, ['lock', a, '--by', '@b.two']);
    await cli(repo, ['complete', b, '--by', '@b.two', '--notes', 'done']);
    rewrite(repo, c, 'impact_level: medium', 'impact_level: high');
    unlinkSync(join(repo, 'flags', `${d}.md`));
    const created = await criticalFlag(repo, '@c.three');
    const list = await changes(repo);
    const kinds = Object.fromEntries(list.map((ch) => [ch.id, ch.kind]));
    expect(kinds).toEqual({
      [a]: 'locked',
      [b]: 'completed',
      [c]: 'edited',
      [d]: 'deleted',
      [created]: 'created',
    });
    expect(list[0]?.id).toBe(created);
    expect(list.find((ch) => ch.id === c)?.fields).toEqual(['impact_level']);
    expect(list.find((ch) => ch.id === d)?.illegal).toEqual(['a flag file was deleted']);
    expect(list.find((ch) => ch.id === b)?.fields).toEqual([]);
  });

  it('compares two commits by range and writes markdown tables, critical first', async () => {
    const { repo, ids } = await branchRepo();
    await cli(repo, ['complete', ids[0] as string, '--by', '@b.two', '--commit']);
    await criticalFlag(repo, '@c.three');
    commitAll(repo, 'critical');
    const list = await changes(repo, 'main...feature');
    expect(list.map((ch) => ch.kind)).toEqual(['created', 'completed']);
    expect(await changes(repo, 'feature..main')).toHaveLength(2);
    const md = (await cli(repo, ['diff', 'main...feature', '--format', 'markdown'])).stdout;
    expect(md).toContain('### Created');
    expect(md).toContain('| id | impact | agents | change | details |');
    expect(md.indexOf('### Created')).toBeLessThan(md.indexOf('### Completed'));
    expect(md).toContain('`@a.one` → `@c.three`');
    expect(md).toContain('by `@b.two`');
  });

  it('escapes untrusted flag text in markdown', async () => {
    const { repo, ids } = await branchRepo();
    const evil = '<img src=x onerror=alert(1)> | pipes | The users table';
    rewrite(repo, ids[0] as string, 'The users table', evil);
    const md = (await cli(repo, ['diff', '--format', 'markdown'])).stdout;
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\| pipes \\|');
  });

  it('never takes a ref for a git option', async () => {
    const { repo } = await branchRepo();
    const marker = join(tempDir(), 'pwned');
    for (const ref of [
      `--upload-pack=touch ${marker}`,
      '--output=/tmp/x',
      '-p',
      `main...--exec=touch ${marker}`,
    ]) {
      const res = await cli(repo, ['diff', '--', ref]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('is not a commit, branch or tag');
    }
    const check = await cli(repo, ['check', '--base', '--output=/tmp/flagstore-x']);
    expect(check.code).toBe(2);
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe('flagstore check', () => {
  it('passes a clean branch and fails a reopened flag, a rewritten source and a deleted flag', async () => {
    const { repo, ids } = await branchRepo();
    git(repo, 'checkout', '-q', 'main');
    await cli(repo, ['complete', ids[0] as string, '--by', '@b.two', '--commit']);
    git(repo, 'checkout', '-q', 'feature');
    git(repo, 'merge', '-q', 'main');
    expect((await cli(repo, ['check', '--base', 'main'])).code).toBe(0);
    const reopened = readFlag(repo, ids[0] as string)
      .replace('status: completed', 'status: pending')
      .replace(/completed_at: .*/, 'completed_at: null')
      .replace(/completed_by: .*/, 'completed_by: null');
    writeFileSync(join(repo, 'flags', `${ids[0]}.md`), reopened);
    rewrite(repo, ids[1] as string, 'source_agent: "@a.one"', 'source_agent: "@z.zed"');
    unlinkSync(join(repo, 'flags', `${ids[2]}.md`));
    const res = await cli(repo, ['--json', 'check', '--base', 'main']);
    expect(res.code).toBe(3);
    const report = res.json<{
      ok: boolean;
      findings: { kind: string; message: string; line: number; path: string }[];
    }>();
    expect(report.ok).toBe(false);
    const messages = report.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('a completed flag was reopened');
    expect(messages).toContain('source_agent rewritten (@a.one -> @z.zed)');
    expect(messages).toContain('a flag file was deleted');
    const source = report.findings.find((f) => f.message.includes('source_agent'));
    expect(source?.line).toBe(4);
  });

  it('fails on invalid files and unresolved critical flags, unless configured; annotates under GitHub Actions', async () => {
    const repo = await makeRepo();
    const critical = await criticalFlag(repo, '@b.two');
    writeFileSync(join(repo, 'agents', 'bad.md'), 'no front matter\n');
    const summary = join(tempDir(), 'summary.md');
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '42',
    };
    const res = await cli(repo, ['check'], env);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain(
      `::error file=flags/${critical}.md,line=7::critical flag ${critical}`,
    );
    expect(res.stdout).toContain('::error file=agents/bad.md,line=1::missing front matter');
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('check failed');
    expect(md).toContain('### Created');
    expect(md).toContain(
      '[flagstore-report artifact](https://github.com/acme/app/actions/runs/42#artifacts)',
    );
    unlinkSync(join(repo, 'agents', 'bad.md'));
    writeFileSync(join(repo, '.flagstore.yml'), 'fail_on_unresolved_critical: false\n');
    const relaxed = await cli(repo, ['check'], env);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toContain(`::warning file=flags/${critical}.md`);
  });

  it("marks an invalid file's impact invalid in the step summary, not its last valid copy's", async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--impact', 'high', '--to', '@b.two');
    commitAll(repo, 'flag');
    rewrite(repo, id, 'impact_level: high', 'impact_level: critical');
    rewrite(repo, id, 'flag_type: change', 'flag_type: nonsense');
    const summary = join(tempDir(), 'summary.md');
    await cli(repo, ['check'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('### Invalid flag files');
    const row = md.split('\n').find((line) => line.startsWith(`| \`${id}\``));
    expect(row?.split(' | ')[1]).toBe('invalid');
  });

  it('accepts agent files in both real shapes, in agents/ and .claude/agents/', async () => {
    const repo = await makeRepo();
    const data = join(import.meta.dirname, 'data');
    cpSync(join(data, 'catalog'), join(repo, 'agents'), { recursive: true });
    cpSync(join(data, 'claude-agents'), join(repo, '.claude', 'agents'), { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'agents');
    const res = await cli(repo, ['--json', 'check']);
    expect(res.json<{ findings: unknown[] }>().findings).toEqual([]);
    expect(res.code).toBe(0);
  });
});
