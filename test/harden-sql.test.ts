/** Hardening (issue 14): `query` has a time limit, a row cap and a memory cap; named params bind. */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, makeRepo, type CliResult } from './helpers.js';

const ENDLESS =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c';
const FIFTY =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 50) SELECT x FROM c';
const HUGE =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 300000) ' +
  'SELECT length(group_concat(hex(randomblob(100)))) AS n FROM c';

function failure(res: CliResult): { error: string; fix: string } {
  expect(res.code).toBe(3);
  return res.json<{ error: string; fix: string }>();
}

describe('query limits', () => {
  it('stops an endless recursive query at the time limit, raised by option or variable', async () => {
    const repo = await makeRepo();
    const byOption = failure(await cli(repo, ['query', ENDLESS, '--timeout', '1s']));
    expect(byOption.error).toBe('query stopped: it ran longer than 1s');
    expect(byOption.fix).toContain('--timeout');
    const byEnv = failure(await cli(repo, ['query', ENDLESS], { FLAGSTORE_QUERY_TIMEOUT: '1s' }));
    expect(byEnv.error).toBe('query stopped: it ran longer than 1s');
  });

  it('refuses a result over the row cap, and returns it once the cap is raised', async () => {
    const repo = await makeRepo();
    const capped = failure(await cli(repo, ['query', FIFTY], { FLAGSTORE_QUERY_MAX_ROWS: '10' }));
    expect(capped.error).toBe('query stopped: the result has more than 10 rows');
    expect(capped.fix).toContain('FLAGSTORE_QUERY_MAX_ROWS');
    const raised = await cli(repo, ['query', FIFTY, '--max-rows', '50']);
    expect(raised.code).toBe(0);
    expect(raised.json<unknown[]>()).toHaveLength(50);
    expect((await cli(repo, ['query', FIFTY, '--max-rows', 'many'])).code).toBe(2);
  });

  it('stops a query that needs more memory than the cap', async () => {
    const repo = await makeRepo();
    const res = failure(await cli(repo, ['query', HUGE, '--max-memory', '32']));
    expect(res.error).toContain('it needs more than 32 MiB');
    expect(res.fix).toContain('--max-memory');
  });
});

describe('query named parameters', () => {
  it('binds {"a": 1} like {":a": 1}, for :a, @a and $a', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@backend.api');
    await createFlag(repo, '@a.one', 'change', '--to', '@other.one');
    const sql =
      'SELECT id FROM flags WHERE target_agent = :t OR target_agent = @t OR target_agent = $t';
    const bare = await cli(repo, ['query', sql, '{"t": "@backend.api"}']);
    expect(bare.code, bare.stdout).toBe(0);
    expect(bare.json()).toEqual([{ id }]);
    const prefixed = await cli(repo, [
      'query',
      'SELECT id FROM flags WHERE target_agent = :t',
      '{":t": "@backend.api"}',
    ]);
    expect(prefixed.json()).toEqual([{ id }]);
    const values = await cli(repo, ['query', 'SELECT :a AS a, @b AS b', '{"a": 1, "b": "x"}']);
    expect(values.json()).toEqual([{ a: 1, b: 'x' }]);
  });
});
