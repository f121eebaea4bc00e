/**
 * What a new user trips over first, found by following only the README and docs/: errors that
 * blame the wrong thing, fixes that point at the wrong help, and crashes on a mistyped path.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportData } from '../src/board/report.js';
import { openWorkspace } from '../src/services/workspace.js';
import { shellWord } from '../src/git/shell-word.js';
import { cli, createArgs, createFlag, flagText, git, makeRepo, tempDir } from './helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

const HAND_ID = '01M8XZ2222222222222222BBBB';

describe('an invalid type or impact is reported once, not as a broken rule', () => {
  it('create --impact urgent names the impact, not "critical is only for ..."', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, [...createArgs('change', '--to', '@b.two', '--impact', 'urgent')], {
      FLAGSTORE_AGENT: '@a.one',
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('--impact must be one of critical, high, medium, low');
    expect(res.stderr).not.toContain('critical is only');
  });

  it('a hand-written file with a misspelt impact gets one problem on that line', async () => {
    const repo = await makeRepo();
    writeFileSync(
      join(repo, 'flags', `${HAND_ID}.md`),
      flagText(HAND_ID).replace('impact_level: medium', 'impact_level: hgih'),
    );
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('impact_level must be one of');
    expect(res.stdout).not.toContain('critical is only');
    expect(res.stdout).not.toContain('must name a target');
  });

  it('a misspelt flag type does not add a rule about breaking_change', async () => {
    const repo = await makeRepo();
    const text = flagText(HAND_ID)
      .replace('flag_type: change', 'flag_type: chnage')
      .replace('impact_level: medium', 'impact_level: low');
    writeFileSync(join(repo, 'flags', `${HAND_ID}.md`), text);
    const res = await cli(repo, ['validate']);
    expect(res.stdout).toContain('flag_type must be one of');
    expect(res.stdout).not.toContain('cannot have impact_level low');
  });

  it('a misspelt impact still reports a change description that is too short', async () => {
    const repo = await makeRepo();
    const text = flagText(HAND_ID)
      .replace('impact_level: medium', 'impact_level: hgih')
      .replace(/The users table gained .*/, 'Too short.');
    writeFileSync(join(repo, 'flags', `${HAND_ID}.md`), text);
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('impact_level must be one of');
    expect(res.stdout).toContain('change_description must be at least');
  });
});

describe('a usage error points at the help of the command that was run', () => {
  it.each([
    [['show'], 'flagstore show --help'],
    [['list', '--frob'], 'flagstore list --help'],
    [['agents', 'add', 'x.y'], 'flagstore agents add --help'],
    [['frobnicate'], 'flagstore --help'],
  ])('%j', async (args, fix) => {
    const repo = await makeRepo();
    const res = await cli(repo, args);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`fix: ${fix}\n`);
  });
});

describe('report -o into a folder that does not exist', () => {
  it('says which folder is missing, with no stack and no file left behind', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['report', '--html', '-o', 'out/report.html']);
    expect(res.code).toBe(4);
    expect(res.stderr).toContain(`no folder ${join(repo, 'out')} to write the report into`);
    expect(res.stderr).toContain('fix: mkdir -p');
    expect(res.stderr).not.toContain('    at ');
    expect(existsSync(join(repo, 'out'))).toBe(false);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('quotes the folder in its fix as a shell word, an apostrophe in the name included', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['report', '--html', '-o', "it's out/report.html"]);
    expect(res.code).toBe(4);
    expect(res.stderr).toContain(`fix: mkdir -p ${shellWord(join(repo, "it's out"))}, or pass`);
  });
});

describe('help is readable at 80 columns', () => {
  it.each([[['--help']], [['agents', '--help']], [['create', '--help']]])(
    '%j has no line over 80 characters',
    async (args) => {
      const repo = await makeRepo();
      const res = await cli(repo, args);
      expect(res.code).toBe(0);
      const long = res.stdout.split('\n').filter((line) => line.length > 80);
      expect(long).toEqual([]);
    },
  );

  it('a term too long for the column gets its own line, its description below', async () => {
    const res = await cli(await makeRepo(), ['--help']);
    expect(res.stdout).toMatch(/\n {2}create-flag\|create-flag-for-agent \[options\]\n {30,}seed/);
  });
});

describe('every error carries its fix', () => {
  afterEach(closeAll);

  it.each([
    [['lock', 'ID', '--ttl', 'forever'], 'fix: flagstore lock ID --ttl 2h'],
    [['validate', 'nothere.md'], 'fix: flagstore validate\n'],
    [['import-sqlite', 'nothere.db'], 'fix: pass the original tool'],
    [['import-sqlite', '.flagstore.yml'], 'fix: pass the original tool'],
    [['query', 'SELECT * FROM nope'], '"fix": "the tables are flags and agents_catalog'],
    [
      [...createArgs('change', '--to', '@b.two', '--context', '{bad')],
      `--context '{"ticket": 42}'`,
    ],
  ])('CLI %j', async (args, fix) => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const before = git(repo, 'status', '--porcelain');
    const res = await cli(
      repo,
      args.map((a) => (a === 'ID' ? id : a)),
      { FLAGSTORE_AGENT: '@b.two' },
    );
    expect(res.code).not.toBe(0);
    expect(res.stderr + res.stdout).toContain(fix.replace('ID', id));
    expect(git(repo, 'status', '--porcelain')).toBe(before);
  });

  it('over MCP, a bad ttl and a missing path name the tool and its arguments', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const client = await connectInProcess(repo, { by: '@b.two' });
    const ttl = errorOf(await call(client, 'lock_flag', { id, ttl: 'forever' }));
    expect(ttl.fix).toBe(`call lock_flag {"id":"${id}","ttl":"2h"}`);
    const missing = errorOf(await call(client, 'validate', { paths: ['nothere.md'] }));
    expect(missing.fix).toContain('call validate {}');
  });
});

describe('a flag an agent wrote by hand with an escape sequence in it', () => {
  it('can be answered: reply quotes its text without the escape', async () => {
    const repo = await makeRepo();
    const text = flagText(HAND_ID).replace('The users table', '\u001b[31mThe users table');
    writeFileSync(join(repo, 'flags', `${HAND_ID}.md`), text);
    const answer = 'The preferences column holds a JSON object keyed by dashboard id, never null.';
    const res = await cli(repo, ['--json', 'reply', HAND_ID, '--change', answer], {
      FLAGSTORE_AGENT: '@b.two',
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const reply = res.json<{ reply: { action_required: string } }>().reply;
    expect(reply.action_required).toContain('("[31mThe users table');
    expect(reply.action_required).not.toContain('\u001b');
  });
});

describe('list at 80 columns keeps STATE when the rows differ in it', () => {
  it('list --status all shows which flag is completed and which is locked', async () => {
    const repo = await makeRepo();
    const done = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const held = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect((await cli(repo, ['complete', done, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(repo, ['lock', held, '--by', '@b.two'])).code).toBe(0);
    const env = { COLUMNS: '80', NO_COLOR: '1' };
    const res = await cli(repo, ['--no-pager', 'list', '--status', 'all'], env);
    const lines = res.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^ID +IMPACT .* STATE .*CHANGE$/);
    expect(lines[0]).not.toContain('TYPE');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    const states = lines
      .slice(1, 4)
      .map((line) => / (pending|completed|locked @b\.two) /.exec(line)?.[1]);
    expect(states.sort()).toEqual(['completed', 'locked @b.two', 'pending']);
  });
});

describe('diff is bounded like list', () => {
  it('shows --limit rows, invalid files first, then the count and the command for the rest', async () => {
    const repo = await makeRepo();
    for (let i = 0; i < 3; i++) await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    writeFileSync(join(repo, 'flags', `${HAND_ID}.md`), flagText(HAND_ID).replace('@b.two', 'b'));
    const cut = await cli(repo, ['diff', 'HEAD', '--limit', '2']);
    expect(cut.code).toBe(0);
    const lines = cut.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^invalid +2BBBB /);
    expect(lines[3]).toBe(
      '2 of 4 flag changes shown (1 invalid, 3 created); all of them: flagstore diff HEAD --all',
    );
    const all = await cli(repo, ['diff', 'HEAD', '--all']);
    expect(all.stdout.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('shows 50 rows without --limit (the default rowLimit sets)', async () => {
    const repo = await makeRepo();
    for (let i = 0; i < 52; i++) {
      const id = `01M8XZ2222222222222222${String(i).padStart(4, '0')}`;
      writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
    }
    const cut = (await cli(repo, ['diff', 'HEAD'])).stdout.split('\n').filter(Boolean);
    expect(cut).toHaveLength(52);
    expect(cut[51]).toBe(
      '50 of 52 flag changes shown (52 created); all of them: flagstore diff HEAD --all',
    );
  });
});

describe('agents list is bounded like list', () => {
  it('shows 50 agents and says how to see the other 5', async () => {
    const repo = await makeRepo();
    for (let i = 0; i < 55; i++) {
      const name = `team.agent${String(i).padStart(2, '0')}`;
      writeFileSync(
        join(repo, 'agents', `${name}.md`),
        `---\nname: ${name}\ndescription: Module ${i}\n---\n`,
      );
    }
    const cut = (await cli(repo, ['agents', 'list'])).stdout.split('\n').filter(Boolean);
    expect(cut).toHaveLength(51);
    expect(cut[50]).toBe('50 of 55 agents shown; all of them: flagstore agents list --all');
    const all = (await cli(repo, ['agents', 'list', '--all'])).stdout.split('\n').filter(Boolean);
    expect(all).toHaveLength(55);
  });
});

describe('list in a repository that never ran flagstore init', () => {
  it('names the fix; a set-up with no flags and JSON say only that there are none', async () => {
    const bare = tempDir();
    git(bare, 'init', '-q');
    const human = await cli(bare, ['list']);
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toBe(
      'no flags: flagstore is not set up in this repository; set it up with: flagstore init',
    );
    const json = (await cli(bare, ['--json', 'list'])).json();
    const setUp = await makeRepo();
    expect(json).toEqual((await cli(setUp, ['--json', 'list'])).json());
    expect((await cli(setUp, ['list'])).stdout.trim()).toBe('no flags');
  });
});

describe('report says what it is doing while it reads every flag', () => {
  it('reports progress with the shared counter (from the first flag), then clears it', async () => {
    const repo = await makeRepo();
    for (let i = 0; i < 60; i++) {
      const id = `01M8XZ${String(i).padStart(4, '0')}000000000000CCCC`;
      writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
    }
    const seen: (string | null)[] = [];
    const ws = await openWorkspace(repo, (what) => seen.push(what));
    const data = await reportData(ws, { historyLimit: 0 });
    expect(Object.keys(data.flags)).toHaveLength(60);
    const counted = seen.filter((s) => s?.startsWith('reading flags and their history'));
    expect(counted).toEqual(['reading flags and their history: 0 of 60 flags']);
    expect(seen[seen.length - 1]).toBeNull();
  });
});
