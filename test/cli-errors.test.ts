import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTION,
  CHANGE,
  cli,
  createArgs,
  createFlag,
  flagFiles,
  flagText as handWritten,
  git,
  makeRepo,
  readFlag,
  tempDir,
} from './helpers.js';

/** The change description of a hand-written flag file (helpers.ts's flagText). */
const HAND_CHANGE =
  'The users table gained a preferences JSON column for personalisation of dashboards.';

/** Every file under flags/ with its content, to prove a failed command changed nothing. */
function snapshot(repo: string): string {
  return (
    git(repo, 'status', '--porcelain', '--untracked-files=all') +
    flagFiles(repo)
      .map((f) => readFlag(repo, f.slice(0, 26)))
      .join('\n')
  );
}

describe('bad input gets a clear error and changes nothing', () => {
  it.each([
    [['--impact', 'urgent'], /--impact must be one of critical, high, medium, low/],
    [['--context', '{not json'], /context is not valid JSON/],
    [['--location', 'no-line-number'], /--location must be file:line/],
    [['--to', 'not a handle!'], /is not a handle like @code-reviewer or @domain\.module/],
    [['--impact', 'critical'], /critical is only for breaking_change/],
  ])('create %j is refused', async (extra, message) => {
    const repo = await makeRepo();
    const before = snapshot(repo);
    const res = await cli(repo, [
      ...createArgs('change', '--to', '@b.two'),
      ...extra,
      '--by',
      '@a.one',
    ]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(message);
    expect(snapshot(repo)).toBe(before);
  });

  it('reports every rule a flag breaks at once, as the seed would', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, [
      '--json',
      'create',
      'security',
      '--change',
      'short',
      '--action',
      'short',
      '--impact',
      'low',
      '--by',
      '@a.one',
    ]);
    const error = res.json<{
      error: { code: string; details: { problems: { field: string }[] } };
    }>().error;
    expect(error.code).toBe('invalid');
    expect(error.details.problems.map((p) => p.field).sort()).toEqual([
      'action_required',
      'change_description',
      'impact_level',
      'impact_level',
    ]);
  });

  it('requires a target for high and critical flags (the seed trigger)', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, [
      ...createArgs('breaking_change', '--impact', 'high'),
      '--by',
      '@a.one',
    ]);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('high and critical flags must name a target (--to)');
  });

  it('refuses path-like ids and missing flags, and lists candidates for an ambiguous prefix', async () => {
    const repo = await makeRepo();
    const a = await createFlag(repo, '@a.one');
    const b = await createFlag(repo, '@a.one');
    expect((await cli(repo, ['show', '-rf'])).code).toBe(2);
    for (const bad of ['../../etc/passwd', 'flags/x', '-rf', 'ab']) {
      const res = await cli(repo, ['show', '--', bad]);
      expect(res.code, bad).toBe(2);
      expect(res.stderr).toContain('is not a flag id');
    }
    const missing = await cli(repo, ['show', 'ZZZZZZZZ']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('no flag with id ZZZZZZZZ');
    const common = a.slice(
      0,
      [...a].findIndex((ch, i) => ch !== b[i]),
    );
    const prefix = common.length >= 4 ? common : a.slice(0, 4);
    const ambiguous = await cli(repo, ['--json', 'show', prefix]);
    expect(ambiguous.code).toBe(5);
    expect(
      ambiguous
        .json<{ error: { details: { candidates: string[] } } }>()
        .error.details.candidates.sort(),
    ).toEqual([a, b].sort());
  });

  it('refuses to run outside a git repository, saying how to make one', async () => {
    const dir = tempDir();
    const res = await cli(dir, ['list']);
    expect(res.code).toBe(7);
    expect(res.stderr).toContain('not inside a git repository');
    expect(res.stderr).toContain('git init');
    const seed = await cli(dir, ['get-agent-flags', '@a.one']);
    expect(seed.code).toBe(7);
    expect(seed.json<{ error: string }>().error).toContain('not inside a git repository');
  });

  it('in a bare repository (here its refs folder), says it has no work tree and to clone it beside itself (git init does not help)', async () => {
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    const res = await cli(join(bare, 'refs'), ['list']);
    expect(res.code).toBe(7);
    expect(res.stderr).toContain('is a bare git repository');
    const clone = join(dirname(bare), `${basename(bare)}-work`);
    expect(res.stderr).toContain(
      `fix: git clone ${bare} ${clone} && cd ${clone} && flagstore init`,
    );
    expect(res.stderr).not.toContain('git init');
  });

  it('with -C naming a folder that does not exist, says so with a fix', async () => {
    const dir = tempDir();
    const res = await cli(dir, ['-C', join(dir, 'nope'), 'list']);
    expect(res.code).toBe(7);
    expect(res.stderr).toContain(`folder ${join(dir, 'nope')} does not exist`);
    expect(res.stderr).toContain('fix: pass -C a folder inside a git repository');
  });

  it('inside a .git folder, names the work tree to run in', async () => {
    const repo = await makeRepo();
    const res = await cli(join(repo, '.git', 'refs'), ['--json', 'list']);
    expect(res.code).toBe(7);
    const error = res.json<{ error: { message: string; fix: string } }>().error;
    expect(error.message).toContain('inside the git folder');
    expect(error.fix).toBe(`cd ${repo}`);
  });

  it('refuses a transition on a malformed flag file without touching it', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const path = join(repo, 'flags', `${id}.md`);
    const broken = readFlag(repo, id).replace('status: pending', 'status: [unclosed');
    writeFileSync(path, broken);
    const res = await cli(repo, ['lock', id, '--by', '@b.two']);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/malformed front matter/);
    expect(readFlag(repo, id)).toBe(broken);
  });

  it('names the line of a YAML mistake in a hand-edited flag, with no dangling colon', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const text = readFlag(repo, id).replace('status: pending', 'status: pending\n  note: [');
    writeFileSync(join(repo, 'flags', `${id}.md`), text);
    const line = text.split('\n').indexOf('status: pending') + 1;
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    const problem = res.stdout.split('\n').find((l) => l.startsWith(`flags/${id}.md:`));
    expect(problem).toMatch(
      new RegExp(`^flags/${id}\\.md:${line}: error: malformed front matter: .*\\d$`),
    );
  });

  it('refuses terminal control sequences in a new flag, and strips them from a hand-written one', async () => {
    const repo = await makeRepo();
    const evil = `${CHANGE} \u001b[2J\u001b]0;pwned\u0007 clear screen`;
    const res = await cli(repo, [
      'create',
      'change',
      '--change',
      evil,
      '--action',
      ACTION,
      '--by',
      '@a.one',
    ]);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('--change holds a control character (U+001B ESC)');
    expect(flagFiles(repo)).toEqual([]);
    const id = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';
    writeFileSync(join(repo, 'flags', `${id}.md`), handWritten(id).replace(HAND_CHANGE, evil));
    for (const out of [
      (await cli(repo, ['show', id])).stdout,
      (await cli(repo, ['list'])).stdout,
    ]) {
      expect(out.includes('\u0007') || out.includes('\u001b')).toBe(false);
      expect(out).toContain('clear screen');
    }
    const json = await cli(repo, ['--json', 'show', id]);
    expect(json.json<{ flag: { change_description: string } }>().flag.change_description).toBe(
      evil,
    );
  });

  it('maps usage errors to exit code 2 and prints help on request', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['frobnicate'])).code).toBe(2);
    expect((await cli(repo, ['create'])).code).toBe(2);
    expect((await cli(repo, ['list', '--status', 'done'])).code).toBe(2);
    const help = await cli(repo, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('get-agent-flags');
  });

  it('gives a usage error about an option value a fix line, as other usage errors have', async () => {
    const repo = await makeRepo();
    const status = await cli(repo, ['list', '--status', 'complete']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status must be one or more of pending, completed, all');
    expect(status.stderr).toContain('fix: pass --status completed');
    const impact = await cli(repo, ['--json', 'list', '--impact', 'high,critcal']);
    expect(impact.json<{ error: { fix: string } }>().error.fix).toBe('pass --impact high,critical');
    const port = await cli(repo, ['board', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a number from 1 to 65535');
    expect(port.stderr).toMatch(/fix: .*--port 8080/);
  });
});
