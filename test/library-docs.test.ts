/**
 * docs/library.md as a new user reads it: its example runs with node against the built package
 * and prints what the page says, type-checks under `strict` against the shipped `.d.ts`, and
 * every function its table names is exported.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli, makeRepo } from './helpers.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const PAGE = readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8');

function block(lang: string): string {
  const found = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(PAGE);
  if (found?.[1] === undefined) throw new Error(`docs/library.md has no ${lang} block`);
  return found[1];
}

/** A repository set up as the page asks, with the package installed in node_modules. */
async function project(): Promise<string> {
  const repo = await makeRepo();
  const added = await cli(repo, ['agents', 'add', 'backend.api', '--description', 'REST handlers']);
  expect(added.code).toBe(0);
  mkdirSync(join(repo, 'node_modules'));
  symlinkSync(ROOT, join(repo, 'node_modules', 'flagstore'), 'dir');
  return repo;
}

/** A printed line as a pattern: the page's flag id and time stand for any id and time. */
function linePattern(line: string): RegExp {
  const escaped = line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const id = escaped.replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '[0-9A-HJKMNP-TV-Z]{26}');
  return new RegExp(`^${id.replace(/\d{4}-\d\d-\d\dT[\d:]+\\.\d+Z/g, '[0-9T:.Z-]+')}$`);
}

describe('docs/library.md', () => {
  it('runs its example with node, printing what the page shows', async () => {
    const repo = await project();
    writeFileSync(join(repo, 'example.mjs'), block('js'));
    const env = { ...process.env };
    delete env.FLAGSTORE_AGENT;
    const { stdout, stderr } = await run(process.execPath, ['example.mjs'], { cwd: repo, env });
    expect(stderr).toBe('');
    const printed = stdout.trimEnd().split('\n');
    const shown = block('text').trimEnd().split('\n');
    expect(printed).toHaveLength(shown.length);
    shown.forEach((line, i) => expect(printed[i]).toMatch(linePattern(line)));
  });

  it('type-checks its example under strict against the shipped declarations', async () => {
    const repo = await project();
    writeFileSync(join(repo, 'example.mts'), block('js'));
    const options = {
      strict: true,
      noEmit: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      types: ['node'],
    };
    writeFileSync(
      join(repo, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: options, files: ['example.mts'] }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await run(process.execPath, [tsc, '-p', repo]).catch(
      (e: { stdout: string }) => ({ stdout: e.stdout || 'tsc failed' }),
    );
    expect(checked.stdout).toBe('');
  }, 60_000);

  it('exports every function its table names', async () => {
    const api = (await import(join(ROOT, 'dist', 'index.js'))) as Record<string, unknown>;
    const table = PAGE.split('## What is exported')[1] ?? '';
    const firstCells = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|')[1] ?? '');
    const named = firstCells.flatMap((cell) =>
      [...cell.matchAll(/`([a-zA-Z]+)[(`]/g)].map((m) => m[1] as string),
    );
    expect(named.length).toBeGreaterThan(15);
    expect(named.filter((name) => typeof api[name] !== 'function')).toEqual([]);
  });
});
