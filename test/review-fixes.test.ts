/** Fixes from a review and a new user's tryout: what list says of invalid files, and more. */
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cell } from '../src/review/markdown.js';
import {
  ACTION,
  CHANGE,
  cli,
  createArgs,
  createFlag,
  flagFiles,
  flagText,
  git,
  makeRepo,
  readFlag,
  seedCreateArgs,
  spawnCli,
  tempDir,
} from './helpers.js';
import { originalDatabase } from './original-db.js';

const ID = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';
const OTHER = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EG';

describe('list and invalid work-tree files', () => {
  it('says a flag whose file is invalid is shown from the ledger, not skipped', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const path = join(repo, 'flags', `${id}.md`);
    writeFileSync(path, readFlag(repo, id).replace('impact_level: medium', 'impact_level: huge'));
    const res = await cli(repo, ['list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(id.slice(-5));
    expect(res.stderr).not.toContain('skipped');
    expect(res.stderr).toContain(`flags/${id}.md: shown from the ledger; the file is invalid:`);
    expect(res.stderr).toContain('impact_level must be one of');
    expect(res.stderr).toContain('fix: flagstore validate');
  });

  it('still says a hand-written invalid file without a ledger copy is skipped', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', `${ID}.md`), flagText(ID, 'status: sleeping'));
    const res = await cli(repo, ['list']);
    expect(res.stdout).toContain('no flags');
    expect(res.stderr).toContain(`1 invalid flag file(s): 1 skipped`);
    expect(res.stderr).toContain(`flags/${ID}.md: skipped: status must be one of`);
  });
});

/** The characters a flag may not hold, as the review found them stored raw. */
const CONTROLS: [string, string][] = [
  ['\u001b[2J', 'U+001B ESC'],
  ['\u0007', 'U+0007 BEL'],
  ['\u0000', 'U+0000 NUL'],
  ['\u202e', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
];
const UNSAFE = new RegExp(
  // eslint-disable-next-line no-control-regex -- these are the characters to look for
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]',
);

/** The repository's state a refused write must leave as it was: files, refs, index. */
function state(repo: string): string {
  return [
    git(repo, 'status', '--porcelain', '--untracked-files=all'),
    git(repo, 'for-each-ref'),
    flagFiles(repo).join(','),
  ].join('\n');
}

describe('control characters in what a writer gives', () => {
  it('create refuses each in every text, with the fix, and writes nothing', async () => {
    const repo = await makeRepo();
    const before = state(repo);
    for (const [char, name] of CONTROLS) {
      for (const [option, field] of [
        ['--change', 'change_description'],
        ['--action', 'action_required'],
        ['--example', 'example_usage'],
      ] as const) {
        const args = createArgs('change', '--by', '@a.one');
        const at = args.indexOf(option);
        if (at === -1) args.push(option, `usage ${char} here`);
        else args[at + 1] = `${args[at + 1] ?? ''}${char}`;
        const res = await cli(repo, ['--json', ...args]);
        expect(res.code, `${option} ${name}`).toBe(3);
        type Details = { problems: { field: string; option: string }[] };
        const error = res.json<{ error: { message: string; fix: string; details: Details } }>()
          .error;
        expect(error.message).toContain(`${option} holds a control character (${name})`);
        expect(error.details.problems[0]).toMatchObject({ field, option });
        expect(error.fix).toContain('remove the character');
      }
    }
    expect(state(repo)).toBe(before);
  });

  it('complete refuses them in notes, reply in its answer, and the flag file is untouched', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const before = readFlag(repo, id);
    const refs = git(repo, 'for-each-ref');
    const done = await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done \u001b[31m']);
    expect(done.code).toBe(3);
    expect(done.stderr).toContain('--notes holds a control character (U+001B ESC) at character 6');
    const answer = `${CHANGE} \u202eevil`;
    const replied = await cli(repo, ['reply', id, '--by', '@b.two', '--change', answer]);
    expect(replied.code).toBe(3);
    expect(replied.stderr).toContain('--change holds a control character (U+202E');
    expect(readFlag(repo, id)).toBe(before);
    expect(flagFiles(repo)).toEqual([`${id}.md`]);
    expect(git(repo, 'for-each-ref')).toBe(refs);
  });

  it('refuses a line break in a path, for create and for the original create-flag', async () => {
    const repo = await makeRepo();
    const before = state(repo);
    const files = await cli(repo, [...createArgs(), '--by', '@a.one', '--files', 'a.ts\nb.ts']);
    expect(files.code).toBe(3);
    expect(files.stderr).toContain('--files holds a line break or tab (U+000A LF)');
    expect(files.stderr).toContain('comma-separated');
    const seed = await cli(repo, seedCreateArgs({ extra: ['--related_files', 'a.ts,b\n.ts'] }));
    expect(seed.code).not.toBe(0);
    expect(seed.stdout + seed.stderr).toContain('related_files holds a line break');
    expect(state(repo)).toBe(before);
  });
});

describe('a flag file that holds them (written by hand, or before the rule)', () => {
  it('stays readable with a warning, and no output carries them', async () => {
    const repo = await makeRepo();
    const hostile = 'Beware \u001b]0;pwned\u0007 and \u202eevil text.';
    const text = flagText(ID, 'code_location: "api/\u200fusers.ts:3"', `\n## Notes\n\n${hostile}`);
    writeFileSync(join(repo, 'flags', `${ID}.md`), text);
    // An invalid one: its error message quotes the bad value, bidi override included.
    const bad = flagText(OTHER).replace('impact_level: medium', 'impact_level: "\u202ehigh"');
    writeFileSync(join(repo, 'flags', `${OTHER}.md`), bad);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'hand-written flag');
    const checked = await cli(repo, ['validate']);
    expect(checked.code).toBe(3);
    expect(checked.stdout).toContain('notes holds a control character (U+001B ESC)');
    expect(checked.stdout).toContain('code_location holds a control character (U+200F)');
    const actions = await cli(repo, ['check', '--base', 'HEAD~1'], { GITHUB_ACTIONS: 'true' });
    expect(actions.stdout).toContain(
      `::error file=flags/${OTHER}.md,line=6::impact_level must be one of critical, high, medium, low (got "high")`,
    );
    const outputs = [
      checked.stdout,
      actions.stdout,
      (await cli(repo, ['show', ID])).stdout,
      (await cli(repo, ['list'])).stdout,
      (await cli(repo, ['diff', '--format', 'markdown', 'HEAD~1'])).stdout,
    ];
    for (const out of outputs) expect(out).not.toMatch(UNSAFE);
    expect(
      (await cli(repo, ['--json', 'show', ID])).json<{ flag: { notes: string } }>().flag.notes,
    ).toBe(hostile);
    expect(cell('a\u200fb\u061cc\u202ed\te')).toBe('abcd e');
  });
});

describe('import-sqlite and control characters', () => {
  it('imports every row, removes them and records the repair', async () => {
    const repo = await makeRepo();
    const path = await originalDatabase((db) =>
      db.run(
        `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
          action_required, related_files, context, notes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
        [
          1,
          'change',
          '@a.one',
          '@b.two',
          `${CHANGE} \u001b[2J`,
          `${ACTION}\u0007`,
          'api/a.ts\napi/b.ts',
          '{"ticket":"\\u202e42"}',
          'seen \u0000 here',
          '2025-01-15 09:00',
        ],
      ),
    );
    const res = await cli(repo, ['--json', 'import-sqlite', path, '--tz', 'UTC']);
    expect(res.code, res.stderr).toBe(0);
    const report = res.json<{ flags: { written: { id: string; repairs: string[] }[] } }>();
    const [written] = report.flags.written;
    expect(written?.repairs).toEqual(
      expect.arrayContaining([
        'change_description: 1 control or bidi character(s) removed (U+001B ESC)',
        'notes: 1 control or bidi character(s) removed (U+0000 NUL)',
        'context: control or bidi characters (written as JSON escapes) removed',
      ]),
    );
    const file = readFlag(repo, written?.id ?? '');
    expect(file).not.toMatch(UNSAFE);
    expect(file).not.toContain('\\u202e');
    expect(file).toContain('  - api/a.ts\n  - api/b.ts');
    expect(file).toContain('[import] change_description: 1 control or bidi character(s) removed');
    expect((await cli(repo, ['validate'])).stdout).not.toContain('control character');
  });
});

describe('a read for a handle the catalog lacks', () => {
  it('warns with the closest handles on standard error; the answers keep their shape', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['agents', 'add', 'backend.api', '--description', 'API'])).code).toBe(
      0,
    );
    const hint =
      'no pending flag is for @backend.apii, which is not in the agent catalog; did you mean @backend.api?';
    const seed = await cli(repo, ['get-agent-flags', '@backend.apii']);
    expect(seed.stdout.trim()).toBe('[]');
    expect(seed.stderr).toContain(hint);
    const listed = await cli(repo, ['--json', 'list', '--for', '@backend.apii']);
    expect(Object.keys(listed.json())).toEqual(['schema_version', 'flags', 'invalid']);
    expect(listed.stderr).toContain(hint);
    expect((await cli(repo, ['list', '--for', 'backend.apii'])).stderr).toContain(hint);
    expect((await cli(repo, ['brief', '--agent', '@backend.apii'])).stderr).toContain(hint);
    const all = await cli(repo, ['list', '--for', '@backend.apii', '--status', 'all']);
    expect(all.stderr).toContain(hint.replace('no pending flag', 'no flag'));
    for (const known of [
      ['get-agent-flags', '@backend.api'],
      ['list', '--for', '@backend.api'],
      ['brief', '--agent', '@backend.api'],
    ])
      expect((await cli(repo, known)).stderr, known.join(' ')).toBe('');
  });

  it('is kept by the answer cache with its warning, which a hit prints again', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['agents', 'add', 'backend.api', '--description', 'API'])).code).toBe(
      0,
    );
    const trace = join(tempDir(), 'trace');
    const env = { FLAGSTORE_ANSWER_TRACE: trace };
    // Out of the racy window of the catalog file just written (an answer read within 100 ms
    // of a write is not kept, src/cli/answer-guards.ts racyMargin).
    await sleep(200);
    for (let i = 0; i < 2; i++) {
      const res = await spawnCli(repo, ['get-agent-flags', '@backend.apii'], env);
      expect(res.stderr).toContain('did you mean @backend.api?');
    }
    // The key covers the catalog (test/review-fixes-6.test.ts changes it).
    expect(readFileSync(trace, 'utf8')).toBe('miss\nkept\nhit\n');
  });
});
