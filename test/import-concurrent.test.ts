/**
 * Two runs of one import at once (field trial 42): each writes the files the other has not,
 * and takes a file the other just wrote, holding what it would write, as already imported; the
 * second run stopped with a raw `EEXIST: file already exists, link ...`. Real processes, on a
 * database large enough that their writes interleave (each wrote about half in trials).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagstoreError } from '../src/core/errors.js';
import { openWorkspace } from '../src/services/workspace.js';
import { createOnce } from '../src/sql/import-write.js';
import { ACTION, CHANGE, cli, flagFiles, git, makeRepo, spawnCli } from './helpers.js';
import { originalDatabase } from './original-db.js';

const ROWS = 200;

async function database(): Promise<string> {
  return originalDatabase((db) => {
    for (let id = 1; id <= ROWS; id++) {
      const at = new Date(Date.UTC(2025, 0, 1, 0, id)).toISOString().slice(0, 16).replace('T', ' ');
      db.run(
        `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
          action_required, created_at) VALUES (?, 'change', '@database.postgres', '@backend.api', ?, ?, ?)`,
        [id, `${CHANGE} (#${id})`, ACTION, at],
      );
    }
  });
}

interface Report {
  agents: { written: unknown[]; skipped: unknown[] };
  flags: { written: unknown[]; skipped: unknown[] };
  commit: string | null;
}

describe('two runs of one import at once', () => {
  it('both finish, every row imported once and committed, the files the other wrote taken as imported', async () => {
    const repo = await makeRepo();
    const db = await database();
    const args = ['--json', 'import-sqlite', db, '--tz', 'UTC', '--commit'];
    const runs = await Promise.all([spawnCli(repo, args), spawnCli(repo, args)]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const [one, two] = runs.map((r) => r.json<Report>()) as [Report, Report];
    expect(one.flags.written.length + two.flags.written.length).toBe(ROWS);
    expect(one.flags.skipped.length + two.flags.skipped.length).toBe(ROWS);
    expect(one.agents.written.length + two.agents.written.length).toBe(3);
    expect(flagFiles(repo)).toHaveLength(ROWS);
    expect(git(repo, 'status', '--porcelain', '--', 'flags', 'agents')).toBe('');
    expect((await cli(repo, ['validate'])).code).toBe(0);
  }, 60_000);

  it('a file another run wrote is imported when it holds the same text, and an error with the fix when not', async () => {
    const repo = await makeRepo();
    const ws = await openWorkspace(repo);
    const path = join(repo, 'agents', 'a.md');
    writeFileSync(path, 'the same\n');
    expect(createOnce(ws, path, 'the same\n')).toBe(false);
    const error = (() => {
      try {
        return createOnce(ws, path, 'another\n');
      } catch (e) {
        return e;
      }
    })() as FlagstoreError;
    expect(error).toBeInstanceOf(FlagstoreError);
    expect(error.message).toBe(
      'agents/a.md appeared while importing and holds another file than this import writes',
    );
    expect(error.fix).toContain('move it aside, then run the import again');
    expect(readFileSync(path, 'utf8')).toBe('the same\n');
  });
});
