import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, makeRepo } from './helpers.js';

interface Created {
  flag: { related_files: string[] | null; code_location: string | null };
}

/** The flag `create` writes when run in `cwd` with these `--files` and `--location`. */
async function createIn(cwd: string, files: string, location: string): Promise<Created['flag']> {
  const res = await cli(cwd, [
    '--json',
    ...createArgs('change', '--by', '@a.one', '--to', '@b.two'),
    '--files',
    files,
    '--location',
    location,
  ]);
  expect(res.code).toBe(0);
  return res.json<Created>().flag;
}

/**
 * A user in a subfolder of the repository names files as their shell completes them. The flag
 * kept them as typed (`orders.ts`, `../db/0042.sql`), so its target, working from the root or
 * from another folder, was sent to files that are not there.
 */
describe('create from a subfolder names files from the repository root', () => {
  it('resolves files and the code location that exist there, or that climb with ./ or ../', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, 'api'));
    writeFileSync(join(repo, 'api', 'orders.ts'), 'export {};\n');
    const flag = await createIn(
      join(repo, 'api'),
      'orders.ts,../db/0042.sql,./new.ts,api/routes.ts',
      'orders.ts:3',
    );
    // api/routes.ts does not exist under api/: already a path from the root, kept as typed.
    expect(flag.related_files).toEqual([
      'api/orders.ts',
      'db/0042.sql',
      'api/new.ts',
      'api/routes.ts',
    ]);
    expect(flag.code_location).toBe('api/orders.ts:3');
  });

  it('keeps what is typed at the root, and a path that leaves the repository', async () => {
    const repo = await makeRepo();
    const flag = await createIn(repo, './api/orders.ts,../elsewhere.ts', 'api/orders.ts:3');
    expect(flag.related_files).toEqual(['./api/orders.ts', '../elsewhere.ts']);
    expect(flag.code_location).toBe('api/orders.ts:3');
  });
});
