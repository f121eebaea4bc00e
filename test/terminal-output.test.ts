/** Terminal output that fits: tables at 80 and 120 columns, the count line, bounded output, pager. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFlags } from './mcp-helpers.js';
import { describe, expect, it } from 'vitest';
import { cutNotice } from '../src/cli/present.js';
import { allCommand } from '../src/cli/rerun.js';
import { fitTable, layout, type ColumnSpec } from '../src/cli/table.js';
import { BIN, cli, createFlag, makeRepo, tempDir } from './helpers.js';

const LONG = '@database.postgres';
const TEXT =
  'The orders table gained an index on (customer_id, created_at); the old orders_customer index is gone.';

async function repoWithFlags(count: number): Promise<string> {
  const repo = await makeRepo();
  for (let i = 0; i < count; i++) {
    const impact = i === 0 ? 'high' : 'medium';
    await createFlag(
      repo,
      LONG,
      'change',
      '--to',
      '@frontend.webapp',
      '--impact',
      impact,
      '--change',
      TEXT,
    );
  }
  return repo;
}

function header(stdout: string): string[] {
  return (stdout.split('\n')[0] ?? '').split(/\s+/).filter(Boolean);
}

describe('flag tables fit the terminal', () => {
  it('at 80 columns drops TYPE and STATE, shortens handles, and keeps 28+ characters of change', async () => {
    const repo = await repoWithFlags(3);
    const res = await cli(repo, ['list'], { COLUMNS: '80' });
    const lines = res.stdout.trimEnd().split('\n');
    // Short ids (5 characters) leave room for AGE at 80 columns. A random tail of digits only
    // is never printed (it would read as a legacy id), so about one run in a hundred needs a
    // longer id, and AGE then gives way.
    const idWidth = (lines[1] ?? '').split(' ')[0]?.length ?? 0;
    const age = idWidth <= 5 ? ['AGE'] : [];
    expect(header(res.stdout)).toEqual(['ID', 'IMPACT', 'FROM', 'TO', ...age, 'CHANGE']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const change = lines[1]?.slice(lines[0]?.indexOf('CHANGE')) ?? '';
    expect(change.length).toBeGreaterThanOrEqual(28);
    expect(change.endsWith('…')).toBe(true);
    expect(lines.at(-1)).toBe('3 pending flags (1 high, 2 medium)');

    const wide = await cli(repo, ['list'], { COLUMNS: '120' });
    const wideLines = wide.stdout.trimEnd().split('\n');
    expect(header(wide.stdout)).toEqual([
      'ID',
      'IMPACT',
      'TYPE',
      'FROM',
      'TO',
      'STATE',
      'AGE',
      'CHANGE',
    ]);
    for (const line of wideLines) expect(line.length).toBeLessThanOrEqual(120);
    expect(wideLines[1]?.slice(wideLines[0]?.indexOf('CHANGE')).length).toBeGreaterThanOrEqual(30);

    const piped = await cli(repo, ['list']);
    expect(piped.stdout).toContain(TEXT);
  });

  it('is bounded by default, says how many and how to see the rest', async () => {
    const repo = await repoWithFlags(4);
    const res = await cli(repo, ['list', '--impact', 'high,medium', '--limit=2']);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe(
      '2 of 4 pending flags shown (1 high, 3 medium); all of them: flagstore list --impact high,medium --all',
    );
    expect(
      (await cli(repo, ['list', '--all', '--limit', '2'])).stdout.trimEnd().split('\n'),
    ).toHaveLength(6);
    expect(
      (await cli(repo, ['--json', 'list', '--limit', '1'])).json<{ flags: unknown[] }>().flags,
    ).toHaveLength(4);

    // Without --limit, a long list stops at 50 rows and says how to see the rest.
    const many = await makeRepo();
    writeFlags(many, 52);
    const plain = (await cli(many, ['list'])).stdout.trimEnd().split('\n');
    expect(plain).toHaveLength(52);
    expect(plain.at(-1)).toMatch(
      /^50 of 52 pending flags shown .*; all of them: flagstore list --all$/,
    );
    expect((await cli(many, ['list', '--all'])).stdout.trimEnd().split('\n')).toHaveLength(54);
  });
});

describe('the command for the rest of a cut listing', () => {
  it('is the command line as typed, without --limit, with --all before any --', () => {
    expect(allCommand(['diff', 'HEAD', '--limit', '2'])).toBe('flagstore diff HEAD --all');
    expect(allCommand(['list', '--limit=5', '--for', '@a.one'])).toBe(
      'flagstore list --for @a.one --all',
    );
    expect(allCommand(['diff', '--', '--limit'])).toBe('flagstore diff --all -- --limit');
  });

  it('quotes words a shell would read, and is not printed when a word holds a control character', () => {
    expect(allCommand(['-C', "my repo's; $(rm -rf ~)", 'list'])).toBe(
      `flagstore -C "my repo's; \\$(rm -rf ~)" list --all`,
    );
    expect(allCommand(['list', '--source', '@a\u001b[2J'])).toBeNull();
    expect(allCommand([])).toBeNull();
  });
});

describe('the line after a cut listing', () => {
  it('goes on two lines when one would pass the width, and stays one when it fits', () => {
    const saved = process.env.COLUMNS;
    const cut = {
      shown: 50,
      total: 12_345,
      noun: 'pending flags',
      detail: ' (12 critical, 1,234 high, 11,099 medium)',
    };
    try {
      process.env.COLUMNS = '80';
      const lines = cutNotice(cut).split('\n');
      expect(lines).toEqual([
        '50 of 12,345 pending flags shown (12 critical, 1,234 high, 11,099 medium)',
        'all of them: add --all',
      ]);
      process.env.COLUMNS = '120';
      expect(cutNotice(cut)).toBe(`${lines[0]}; all of them: add --all`);
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });
});

describe('table layout', () => {
  const specs: ColumnSpec[] = [
    { priority: Infinity },
    { priority: 1 },
    { priority: 2, min: 5 },
    { priority: Infinity, flex: true, min: 10, comfort: 20 },
  ];

  it('shortens, then drops the least important columns, and never exceeds the width', () => {
    const natural = [4, 12, 15, 60];
    for (let width = 20; width <= 120; width++) {
      const widths = layout(natural, specs, width);
      const used = [...widths.values()].reduce((a, b) => a + b, 0) + 2 * (widths.size - 1);
      if (width >= 4 + 5 + 10 + 4) expect(used).toBeLessThanOrEqual(width);
      expect(widths.has(0) && widths.has(3)).toBe(true);
      expect(widths.get(3)).toBeGreaterThanOrEqual(10);
    }
    expect([...layout(natural, specs, 200).values()]).toEqual(natural);
    expect(layout(natural, specs, 40).get(2)).toBe(5);
    expect(layout(natural, specs, 30).has(1)).toBe(false);
    expect(layout(natural, specs, 30).has(2)).toBe(true);
  });

  it('cuts cells with an ellipsis', () => {
    const rows = [
      ['ID', 'X', 'Y', 'TEXT'],
      ['a1', 'xxxxxxxxxxxx', 'yyyyyyyyyyyyyyy', 't'.repeat(60)],
    ];
    const lines = fitTable(rows, specs, { width: 40 });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines[1]).toMatch(/…$/);
  });
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
function onTerminal(repo: string, args: string[], env: Record<string, string>): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  return execFileSync('script', ['-qec', command, '/dev/null'], {
    cwd: repo,
    env: { ...withoutLess(), NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
}

function withoutLess(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LESS;
  return env;
}

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)('an empty brief', () => {
  it('says so on a terminal and prints nothing when piped (hooks rely on it)', async () => {
    const repo = await repoWithFlags(2);
    const shown = onTerminal(repo, ['brief', '--agent', '@nobody.here'], {});
    expect(shown.trim()).toBe('nothing pending for @nobody.here');
    const piped = await cli(repo, ['brief', '--agent', '@nobody.here']);
    expect(piped).toMatchObject({ code: 0, stdout: '' });
  });
});

describe.skipIf(!hasScript)('the pager', () => {
  it('pages on a terminal with LESS=FRX, not with --no-pager, not when piped', async () => {
    const repo = await repoWithFlags(2);
    const dir = tempDir();
    const fake = join(dir, 'pager.mjs');
    const out = join(dir, 'paged.txt');
    writeFileSync(
      fake,
      `import { readFileSync, writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, 'LESS=' + process.env.LESS + '\\n' + readFileSync(0, 'utf8'));\n`,
    );
    const env = { PAGER: `'${process.execPath}' '${fake}'` };
    onTerminal(repo, ['list'], { PAGER: env.PAGER });
    const paged = readFileSync(out, 'utf8');
    expect(paged.split('\n')[0]).toBe('LESS=FRX');
    expect(paged).toContain('2 pending flags');

    writeFileSync(out, '');
    const direct = onTerminal(repo, ['--no-pager', 'list'], { PAGER: env.PAGER });
    expect(readFileSync(out, 'utf8')).toBe('');
    expect(direct).toContain('2 pending flags');

    const piped = await cli(repo, ['list'], { PAGER: env.PAGER });
    expect(readFileSync(out, 'utf8')).toBe('');
    expect(piped.stdout).toContain('2 pending flags');
    expect(existsSync(out)).toBe(true);
  });
});
