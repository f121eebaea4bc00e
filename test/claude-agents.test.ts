import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, git, makeRepo, seedCreateArgs } from './helpers.js';

/** Claude Code-style subagent files: kebab-case names, `tools` as comma-separated text. */
const CLAUDE_AGENTS = resolve(import.meta.dirname, 'data', 'claude-agents');

async function claudeRepo(): Promise<string> {
  const repo = await makeRepo();
  mkdirSync(join(repo, '.claude'), { recursive: true });
  cpSync(CLAUDE_AGENTS, join(repo, '.claude', 'agents'), { recursive: true });
  return repo;
}

describe('Claude Code agent files in .claude/agents/', () => {
  it('loads them in place: list, show, search, create, validate and check', async () => {
    const repo = await claudeRepo();
    const list = (await cli(repo, ['--json', 'agents', 'list'])).json<{
      agents: { handle: string; tools: string[]; file: string }[];
      not_loaded: unknown[];
    }>();
    expect(list.agents).toHaveLength(16);
    expect(list.not_loaded).toEqual([]);
    const reviewer = list.agents.find((a) => a.handle === '@code-reviewer');
    expect(reviewer).toMatchObject({
      tools: ['Read', 'Grep', 'Glob', 'Bash'],
      file: '.claude/agents/code-reviewer.md',
    });
    expect(readdirSync(join(repo, 'agents')).filter((f) => f.endsWith('.md'))).toEqual([]);
    const search = await cli(repo, ['--json', 'search', 'find the root cause of this stack trace']);
    expect(search.json<{ results: { handle: string }[] }>().results[0]?.handle).toBe('@debugger');
    const created = await cli(repo, [
      '--json',
      'create',
      'change',
      '--by',
      '@backend-architect',
      '--to',
      'code-reviewer',
      '--change',
      CHANGE,
      '--action',
      ACTION,
    ]);
    expect(created.code).toBe(0);
    expect(created.json<{ flag: { target_agent: string }; warnings: string[] }>()).toMatchObject({
      flag: { target_agent: '@code-reviewer' },
      warnings: [],
    });
    expect((await cli(repo, ['validate'])).code).toBe(0);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'agents and a flag');
    const check = await cli(repo, ['check']);
    expect(check.stdout + check.stderr).not.toContain('error');
  });

  it('names the files that did not load, with the command that shows why', async () => {
    const repo = await claudeRepo();
    writeFileSync(join(repo, '.claude', 'agents', 'broken.md'), '---\nname: Broken Agent!\n---\n');
    writeFileSync(join(repo, '.claude', 'agents', 'no-front-matter.md'), 'just text\n');
    const list = await cli(repo, ['agents', 'list']);
    expect(list.stdout).toContain('@code-reviewer');
    expect(list.stderr).toContain(
      '2 agent files did not load: .claude/agents/broken.md, .claude/agents/no-front-matter.md (see why: flagstore validate .claude/agents)',
    );
    const json = (await cli(repo, ['--json', 'agents', 'list'])).json<{
      not_loaded: { file: string; reason: string }[];
    }>();
    expect(json.not_loaded.map((f) => f.file)).toEqual([
      '.claude/agents/broken.md',
      '.claude/agents/no-front-matter.md',
    ]);
    const search = await cli(repo, ['search', 'review my pull request']);
    expect(search.stderr).toContain('2 agent files did not load');
    const seed = (await cli(repo, ['search-agents', 'review my pull request'])).json<{
      not_loaded: unknown[];
    }>();
    expect(seed.not_loaded).toHaveLength(2);
    const brief = await cli(repo, ['brief', '--agent', '@debugger']);
    expect(brief.stderr).toContain('2 agent files did not load');
    const onlyBroken = await makeRepo();
    mkdirSync(join(onlyBroken, '.claude', 'agents'), { recursive: true });
    writeFileSync(join(onlyBroken, '.claude', 'agents', 'x.md'), 'no front matter\n');
    const none = await cli(onlyBroken, ['agents', 'list']);
    expect(none.stdout).not.toContain('no agents');
    expect(none.stderr).toContain('1 agent file did not load: .claude/agents/x.md');
  });

  it('reads the folders listed in .flagstore.yml, and only those', async () => {
    const repo = await claudeRepo();
    mkdirSync(join(repo, 'team'));
    writeFileSync(
      join(repo, 'team', 'release-captain.md'),
      '---\nname: release-captain\ndescription: Coordinates releases and changelogs\ntools: Read, Bash\n---\n',
    );
    writeFileSync(join(repo, '.flagstore.yml'), 'flags_dir: flags\nagents_dir: [team]\n');
    const list = (await cli(repo, ['--json', 'agents', 'list'])).json<{
      agents: { handle: string }[];
    }>();
    expect(list.agents.map((a) => a.handle)).toEqual(['@release-captain']);
    writeFileSync(join(repo, '.flagstore.yml'), 'agents_dir: [team, .claude/agents]\n');
    const both = (await cli(repo, ['--json', 'agents', 'list'])).json<{ agents: unknown[] }>();
    expect(both.agents).toHaveLength(17);
    writeFileSync(join(repo, '.flagstore.yml'), 'agents_dir: [../outside]\n');
    const bad = await cli(repo, ['agents', 'list']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('agents_dir must be a folder inside the repository');
  });

  it('reads a name Claude Code would not take as its handle, and warns with the name to write', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, '.claude', 'agents'), { recursive: true });
    const file = join(repo, '.claude', 'agents', 'parking-systems.md');
    writeFileSync(file, '---\nname: Parking Systems\ndescription: Parking lots\n---\n');
    const list = (await cli(repo, ['--json', 'agents', 'list'])).json<{
      agents: { handle: string }[];
    }>();
    expect(list.agents.map((a) => a.handle)).toEqual(['@parking-systems']);
    const report = await cli(repo, ['validate', '.claude/agents']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('warning: name "Parking Systems" is read as @parking-systems');
    expect(report.stdout).toContain('write name: parking-systems');
    writeFileSync(file, '---\nname: parking-systems\ndescription: Parking lots\n---\n');
    expect((await cli(repo, ['validate', '.claude/agents'])).stdout).not.toContain('warning');
  });
});

describe('instructions --install on a new .claude/agents file', () => {
  it('writes the front matter Claude Code needs, so the file loads as an agent', async () => {
    const repo = await makeRepo();
    const args = ['instructions', '--install', '.claude/agents/release-helper.md'];
    const first = await cli(repo, [...args, '--agent', '@release-helper']);
    expect(first.stdout).toContain('created the flagstore section');
    const text = readFileSync(join(repo, '.claude', 'agents', 'release-helper.md'), 'utf8');
    expect(text).toMatch(
      /^---\nname: release-helper\ndescription: Use for the release-helper role\./,
    );
    expect(text).toContain('as @release-helper with flagstore flags');
    const list = (await cli(repo, ['--json', 'agents', 'list'])).json<{
      agents: { handle: string }[];
    }>();
    expect(list.agents.map((a) => a.handle)).toEqual(['@release-helper']);
    const again = await cli(repo, [...args, '--agent', '@release-helper']);
    expect(again.stdout).toContain('unchanged');
    expect((await cli(repo, ['validate'])).code).toBe(0);
  });
});

describe('instructions --install for a dotted handle (@backend.api)', () => {
  it('gives the agent one handle: in the catalog, the prompt, brief and create', async () => {
    const repo = await makeRepo();
    const file = '.claude/agents/backend.api.md';
    await cli(repo, ['instructions', '--agent', '@backend.api', '--install', file]);
    const text = readFileSync(join(repo, file), 'utf8');
    expect(text).toMatch(/^---\nname: backend-api\nhandle: "@backend.api"\n/);
    expect(text).toContain('You are `@backend.api`');
    const list = (await cli(repo, ['--json', 'agents', 'list'])).json<{
      agents: { handle: string }[];
    }>();
    expect(list.agents.map((a) => a.handle)).toEqual(['@backend.api']);
    const brief = await cli(repo, ['brief', '--agent', '@backend.api']);
    expect(brief.stderr).toBe('');
    const made = await cli(repo, [
      ...['create', 'change', '--by', '@qa-tester', '--to', '@backend.api'],
      ...['--change', CHANGE, '--action', ACTION],
    ]);
    expect(made.code).toBe(0);
    expect(made.stderr).not.toContain('@backend.api is not in the agent catalog');
  });

  it("warns when the file's own front matter lists the agent under another handle", async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, '.claude', 'agents'), { recursive: true });
    const file = '.claude/agents/qa.tester.md';
    writeFileSync(join(repo, file), '---\nname: qa-tester\ndescription: QA\n---\n\nTests.\n');
    const res = await cli(repo, ['instructions', '--agent', '@qa.tester', '--install', file]);
    expect(res.stderr).toContain('the catalog lists this file as @qa-tester');
    expect(res.stderr).toContain('add `handle: "@qa.tester"`');
  });

  it("warns when the subagent's tools hold neither Bash nor flagstore's MCP tools (field trial 40)", async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, '.claude', 'agents'), { recursive: true });
    const agent = (tools: string) =>
      `---\nname: docs-writer\ndescription: Docs\n${tools}---\n\nWrites docs.\n`;
    const install = async (name: string, tools: string) => {
      const file = `.claude/agents/${name}.md`;
      writeFileSync(join(repo, file), agent(tools));
      return cli(repo, ['--json', 'instructions', '--agent', '@docs-writer', '--install', file]);
    };
    const warnings = async (name: string, tools: string) =>
      (await install(name, tools)).json<{ warnings: string[] }>().warnings;
    const [gap] = await warnings('docs-writer', 'tools: Read, Write, Edit\n');
    expect(gap).toContain('its tools (Read, Write, Edit) hold neither Bash');
    expect(gap).toContain('add Bash to its `tools` line');
    // The shell, flagstore's MCP tools, or no tools line at all (every tool): nothing to say.
    for (const tools of ['tools: Read, Bash\n', 'tools: Read, mcp__flagstore__brief\n', ''])
      expect(await warnings('docs-writer', tools)).toEqual([]);
    const plain = await cli(repo, ['instructions', '--install', '.claude/agents/x.md']);
    expect(plain.stderr).not.toContain('hold neither');
  });
});

describe("the seed's example calls, with no identity set", () => {
  it('create, get, lock, ask, unlock, complete and search all succeed', async () => {
    const repo = await claudeRepo();
    const create = (to: string, extra: string[] = []): string[] =>
      seedCreateArgs({
        type: 'information_request',
        from: '@backend.api',
        to,
        change: `Need clarification on the vector DB migration: ${CHANGE}`,
        extra: ['--impact_level', 'high', ...extra],
      });
    const first = await cli(repo, create('@acolyte.auth'));
    expect(first.code).toBe(0);
    const made = first.json<{ success: boolean; flag_id: string; warnings: string[] }>();
    expect(made.success).toBe(true);
    expect(made.warnings[0]).toContain(
      'target @acolyte.auth is not in the agent catalog; closest:',
    );
    const id = made.flag_id;
    const flags = (await cli(repo, ['get-agent-flags', '@acolyte.auth'])).json<{ id: string }[]>();
    expect(flags.map((f) => f.id)).toEqual([id]);
    expect((await cli(repo, ['lock-flag', id])).json()).toMatchObject({
      success: true,
      locked: true,
    });
    const ask = await cli(repo, create('@database.weaviate', ['--chain_origin_id', id]));
    expect(ask.json<{ success: boolean }>().success).toBe(true);
    const security = await cli(repo, [
      ...create('@security.audit').slice(0, -2),
      '--impact_level',
      'high',
    ]);
    expect(security.json<{ success: boolean }>().success).toBe(true);
    expect((await cli(repo, ['unlock-flag', id])).json()).toMatchObject({ locked: false });
    await cli(repo, ['lock-flag', id]);
    const done = await cli(repo, ['complete-flag', id, '@acolyte.auth']);
    expect(done.json()).toMatchObject({ success: true, completed_by: '@acolyte.auth' });
    const search = (
      await cli(repo, ['search-agents', 'JWT authentication implementation', '3'])
    ).json<{
      results: { name: string }[];
    }>();
    expect(search.results[0]?.name).toBe('@security-auditor');
    const workable = (await cli(repo, ['get-workable-flags'])).json<
      { target_agent: string; workable_flags: number; highest_priority: string }[]
    >();
    expect(workable).toEqual([
      { target_agent: '@database.weaviate', workable_flags: 1, highest_priority: 'high' },
      { target_agent: '@security.audit', workable_flags: 1, highest_priority: 'high' },
    ]);
    const pending = (await cli(repo, ['get-pending-flags'])).json<{ target_agent: string }[]>();
    expect(pending.map((f) => f.target_agent)).toEqual(['@database.weaviate', '@security.audit']);
    const forOne = (await cli(repo, ['get-pending-flags', 'security.audit'])).json<unknown[]>();
    expect(forOne).toHaveLength(1);
  });

  it('shows flags with no target ("for general") in every brief, but not in get-agent-flags', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, seedCreateArgs());
    const id = res.json<{ flag_id: string }>().flag_id;
    const brief = await cli(repo, ['brief', '--agent', '@b.two']);
    expect(brief.stdout).toContain('Flags for every agent (no target)');
    expect(brief.stdout).toContain(id);
    const json = (await cli(repo, ['--json', 'brief', '--agent', '@b.two'])).json<{
      general: { id: string }[];
    }>();
    expect(json.general.map((f) => f.id)).toEqual([id]);
    expect((await cli(repo, ['brief', '--agent', '@a.one'])).stdout).toBe('');
    expect((await cli(repo, ['get-agent-flags', '@b.two'])).json()).toEqual([]);
  });

  it('normalises CR LF in text instead of refusing it', async () => {
    const repo = await makeRepo();
    const res = await cli(
      repo,
      seedCreateArgs({
        change: `${CHANGE}\r\nSecond line.`,
        action: `${ACTION}\r\nThen run the tests.\r`,
      }),
    );
    expect(res.code).toBe(0);
    const id = res.json<{ flag_id: string }>().flag_id;
    const shown = (await cli(repo, ['--json', 'show', id])).json<{
      flag: { change_description: string; action_required: string };
    }>().flag;
    expect(shown.change_description).toBe(`${CHANGE}\nSecond line.`);
    expect(shown.action_required).toBe(`${ACTION}\nThen run the tests.`);
  });
});
