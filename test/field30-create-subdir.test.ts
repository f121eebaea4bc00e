import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createArgs, makeRepo, spawnCli } from './helpers.js';

interface Created {
  flag: { related_files: string[] | null; code_location: string | null };
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
    const res = await spawnCli(join(repo, 'api'), [
      '--json',
      ...createArgs('change', '--by', '@a.one', '--to', '@b.two'),
      '--files',
      'orders.ts,../db/0042.sql,./new.ts,api/routes.ts',
      '--location',
      'orders.ts:3',
    ]);
    expect(res.code).toBe(0);
    const flag = res.json<Created>().flag;
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
    const res = await spawnCli(repo, [
      '--json',
      ...createArgs('change', '--by', '@a.one', '--to', '@b.two'),
      '--files',
      './api/orders.ts,../elsewhere.ts',
      '--location',
      'api/orders.ts:3',
    ]);
    expect(res.code).toBe(0);
    const flag = res.json<Created>().flag;
    expect(flag.related_files).toEqual(['./api/orders.ts', '../elsewhere.ts']);
    expect(flag.code_location).toBe('api/orders.ts:3');
  });
});
