import { describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, flagFiles, makeRepo, readFlag, spawnCli } from './helpers.js';

// Concurrency claims need real concurrent processes: every racing command here is spawned.
// Four racers on a 2-core machine still overlap in the read-then-swap of the ledger's ref: with
// a lost swap taken as won, or failed instead of retried (src/git/ledger.ts), each test fails.
const PROCESSES = 4;

describe('concurrent processes', () => {
  it('four processes locking the same flag yield exactly one winner and an intact file', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const agents = Array.from({ length: PROCESSES }, (_, i) => `@agent.n${i}`);
    const results = await Promise.all(
      agents.map((agent) => spawnCli(repo, ['--json', 'lock', id, '--by', agent])),
    );
    const winners = results.filter((r) => r.code === 0);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => r.code !== 0);
    expect(losers.every((r) => r.code === 6)).toBe(true);
    const winner = winners[0]?.json<{ flag: { locked_by: string } }>().flag.locked_by;
    for (const loser of losers) {
      expect(loser.json<{ error: { message: string } }>().error.message).toContain(
        `locked by ${winner}`,
      );
    }
    const shown = await cli(repo, ['--json', 'show', id]);
    expect(shown.json<{ flag: { locked_by: string } }>().flag.locked_by).toBe(winner);
    expect((await cli(repo, ['validate'])).code).toBe(0);
    expect(readFlag(repo, id).match(/^locked_by:/gm)).toHaveLength(1);
  });

  it('four processes creating flags at once yield four distinct files', async () => {
    const repo = await makeRepo();
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        spawnCli(repo, [
          '--json',
          ...createArgs('change', '--to', '@b.two'),
          '--by',
          `@agent.n${i}`,
        ]),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(Array(PROCESSES).fill(0));
    const ids = results.map((r) => r.json<{ flag: { id: string } }>().flag.id);
    expect(new Set(ids).size).toBe(PROCESSES);
    expect(flagFiles(repo)).toEqual(ids.map((id) => `${id}.md`).sort());
    expect((await cli(repo, ['validate'])).code).toBe(0);
  });

  it('concurrent completes of one flag record exactly one completion', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        spawnCli(repo, ['complete', id, '--by', `@agent.n${i}`, '--notes', `note ${i}`]),
      ),
    );
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    expect(readFlag(repo, id).match(/^note \d$/gm)).toHaveLength(1);
  });
});
