/**
 * The hook's blob parses (src/gates/blob-parses.ts) have one owner per run: a cold commit whose
 * staged flags and ledger flags differ parses each blob once and writes the cache once, and
 * neither reader throws the other's parses away (so the next commit parses only what is new).
 * Counted by the hook itself through FLAGSTORE_GATE_TRACE, in real `git commit` runs.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commit } from './gate-helpers.js';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';
import { ledgerPath } from '../src/core/ledger-layout.js';

/** Commits what is staged with the hook tracing its blob cache; the trace's lines. */
function tracedCommit(repo: string): string[] {
  const file = join(tempDir(), 'trace');
  writeFileSync(file, '');
  const res = commit(repo, [], { FLAGSTORE_GATE_TRACE: file });
  expect(res.code, res.output).toBe(0);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

function blobOf(repo: string, rev: string): string {
  return git(repo, 'rev-parse', rev).trim();
}

describe("the hook's blob cache", () => {
  it("a cold commit parses each blob once and writes the cache once; no reader drops the other's parses", async () => {
    const repo = await makeRepo();
    const staged = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const ledgerOnly = await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    // The index holds one flag; the ledger holds both: the two readers need different blobs.
    git(repo, 'add', `flags/${staged}.md`);
    rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
    const cache = join(repo, '.git', 'flagstore', 'cache-blobs.json');
    expect(existsSync(cache)).toBe(false);

    const cold = tracedCommit(repo);
    const a = blobOf(repo, `flagstore:${ledgerPath('flags', staged)}`);
    const b = blobOf(repo, `flagstore:${ledgerPath('flags', ledgerOnly)}`);
    expect(cold.filter((l) => l.startsWith('parse ')).sort()).toEqual(
      [`parse ${a}`, `parse ${b}`].sort(),
    );
    expect(cold.filter((l) => l.startsWith('write '))).toEqual(['write 2']);
    expect(readFileSync(cache, 'utf8')).toContain(b);

    // A new staged blob: only it is parsed; the ledger-only flag's parse was kept.
    expect((await cli(repo, ['lock', staged, '--by', '@b.two'])).code).toBe(0);
    git(repo, 'add', `flags/${staged}.md`);
    const next = tracedCommit(repo);
    const locked = blobOf(repo, `HEAD:flags/${staged}.md`);
    expect(next.filter((l) => l.startsWith('parse '))).toEqual([`parse ${locked}`]);
    expect(next.filter((l) => l.startsWith('write '))).toHaveLength(1);

    // The ledger's view answers from its own cache: the staged reader must not drop its parses.
    appendFileSync(join(repo, 'flags', `${staged}.md`), 'More, by hand.\n');
    git(repo, 'add', `flags/${staged}.md`);
    const edited = tracedCommit(repo);
    expect(edited.filter((l) => l.startsWith('parse '))).toHaveLength(1);
    expect(readFileSync(cache, 'utf8')).toContain(b);
  });
});
