/**
 * A cold commit parses every flag blob, read by `git cat-file` in batches (src/gates/blob-parses.ts)
 * so that a first commit at 100,000 flags does not hold every flag's text at once. Batches
 * change nothing in what is parsed: every blob is parsed once, whatever the batch size, and each
 * parse (errors included) is the one a single read gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flagIdOfFile } from '../src/core/ids.js';
import { BlobParses } from '../src/gates/blob-parses.js';
import { createFlag, git, makeRepo, tempDir } from './helpers.js';

const TRACE = 'FLAGSTORE_GATE_TRACE';
const saved = process.env[TRACE];
afterEach(() => {
  if (saved === undefined) delete process.env[TRACE];
  else process.env[TRACE] = saved;
});

/** Every staged flag file's parse, read `readAtOnce` blobs at a time; and the trace it left. */
async function parseAll(repo: string, readAtOnce?: number) {
  const trace = join(tempDir(), 'trace');
  writeFileSync(trace, '');
  process.env[TRACE] = trace;
  const parses = new BlobParses(join(repo, '.git'), { prune: false, readAtOnce });
  const listed = (await parses.listing(repo, 'flags')).entries();
  const entries = listed.filter((e) => flagIdOfFile(basename(e.path)) !== null);
  const flags = await parses.parse(repo, entries);
  const lines = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  return { flags, reads: lines.filter((l) => l.startsWith('read ')) };
}

describe("the hook's cold parse, in batches", () => {
  it('parses every blob once in batches of the given size, as one read does', async () => {
    const repo = await makeRepo();
    const ids: string[] = [];
    for (const to of ['@b.one', '@b.two', '@b.three', '@b.four']) {
      ids.push(await createFlag(repo, '@a.one', 'change', '--to', to));
    }
    const broken = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    writeFileSync(join(repo, 'flags', `${broken}.md`), '---\nid: [unclosed\n---\nbody\n');
    git(repo, 'add', 'flags');

    const batched = await parseAll(repo, 2);
    const whole = await parseAll(repo);

    expect(batched.reads).toEqual(['read 2', 'read 2', 'read 1']);
    expect(whole.reads).toEqual(['read 5']);
    expect(batched.flags).toEqual(whole.flags);
    expect(batched.flags.map((f) => f.pending?.id).filter(Boolean)).toEqual(ids.sort());
    const bad = batched.flags.find((f) => f.path === `flags/${broken}.md`);
    expect(bad?.errors.length).toBeGreaterThan(0);
  });
});
