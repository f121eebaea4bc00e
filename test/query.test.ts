import { describe, expect, it } from 'vitest';
import { cli, createFlag, makeRepo } from './helpers.js';

async function repoWithData(): Promise<{ repo: string; ids: Record<string, string> }> {
  const repo = await makeRepo();
  await cli(repo, ['agents', 'add', 'service.auth', '--description', 'OAuth and JWT expert']);
  await cli(repo, ['agents', 'add', 'backend.api', '--description', 'REST API design']);
  const low = await createFlag(repo, '@a.b', 'change', '--to', '@backend.api', '--impact', 'low');
  const medium = await createFlag(repo, '@a.b', 'change', '--to', '@backend.api');
  const critical = await createFlag(
    repo,
    '@a.b',
    'security',
    '--to',
    '@backend.api',
    '--impact',
    'critical',
  );
  const other = await createFlag(
    repo,
    '@a.b',
    'change',
    '--to',
    '@service.auth',
    '--files',
    'x.ts,y.ts',
  );
  await cli(repo, ['complete', other, '--by', '@service.auth', '--notes', 'done']);
  return { repo, ids: { low, medium, critical, other } };
}

describe('query', () => {
  it("runs the seed's own queries unchanged over flags and agents_catalog", async () => {
    const { repo, ids } = await repoWithData();
    const agents = await cli(repo, [
      'query',
      "SELECT name, module, description, capabilities FROM agents_catalog WHERE status='active' AND module LIKE '%auth%'",
    ]);
    expect(agents.code).toBe(0);
    expect(agents.json()).toEqual([
      {
        name: '@service.auth',
        module: 'auth',
        description: 'OAuth and JWT expert',
        capabilities: null,
      },
    ]);
    const pending = await cli(repo, [
      'query',
      "SELECT id, impact_level FROM flags WHERE status='pending' AND target_agent = ? ORDER BY CASE impact_level WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END, created_at ASC",
      '["@backend.api"]',
    ]);
    expect(pending.json<{ id: string }[]>().map((r) => r.id)).toEqual([
      ids.critical,
      ids.medium,
      ids.low,
    ]);
    const done = await cli(repo, [
      'query',
      'SELECT status, completed_by, notes, related_files, locked FROM flags WHERE id = :id',
      JSON.stringify({ ':id': ids.other }),
    ]);
    expect(done.json()).toEqual([
      {
        status: 'completed',
        completed_by: '@service.auth',
        notes: 'done',
        related_files: 'x.ts,y.ts',
        locked: 0,
      },
    ]);
    const view = await cli(repo, ['query', 'SELECT count(*) AS n FROM pending_flags']);
    expect(view.json()).toEqual([{ n: 3 }]);
  });

  // The query runs on an in-memory database built for this one run, so no statement can reach
  // the flag files; what is tested is that anything but one read is refused, with the reason.
  it('refuses anything but one read, saying it is read-only', async () => {
    const { repo } = await repoWithData();
    for (const sql of [
      'DELETE FROM flags',
      "UPDATE flags SET status = 'completed'",
      'SELECT 1; DROP TABLE flags',
      'WITH x AS (SELECT 1) DELETE FROM flags',
      'PRAGMA query_only = OFF',
      "ATTACH DATABASE 'x.db' AS x",
    ]) {
      const res = await cli(repo, ['query', sql]);
      expect(res.code, sql).toBe(3);
      expect(res.json<{ error: string }>().error).toContain('read-only');
    }
    const syntax = await cli(repo, ['query', 'SELECT FROM WHERE']);
    expect(syntax.code).toBe(3);
    expect(syntax.json<{ error: string }>().error).toMatch(/^SQL error: /);
    expect((await cli(repo, ['query', 'SELECT 1', '{bad'])).code).toBe(2);
  });
});
