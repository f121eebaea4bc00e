/**
 * What the answer cache's key rests on (src/cli/answer-guards.ts): `git diff-files` must see
 * every edit of a flag file, and the entry's name must still be the one the run was looked up
 * by. Where either does not hold, the answer is printed and not kept.
 */
import { appendFileSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { git, makeRepo, tempDir } from './helpers.js';
import { AGENT, expected, LIST, outcome, run, warm, writeFlag } from './answer-helpers.js';
import { seededCopy } from './answer-seeded.js';

const A1 = '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1';

/** Rewrites a flag file in place, same size: only git's content check could see it. */
function sameSizeEdit(path: string): void {
  writeFileSync(path, readFileSync(path, 'utf8').replace('"owner"', '"OWNER"'));
}

describe('answer cache: edits git does not report', () => {
  for (const flag of ['--skip-worktree', '--assume-unchanged']) {
    it(`keeps no answer while a flag file is marked ${flag}`, async () => {
      const repo = await seededCopy();
      await warm(repo, LIST);
      git(repo, 'update-index', flag, `flags/${A1}.md`);
      const first = await run(repo, LIST);
      expect(first.trace).toEqual(['miss', 'not kept: hidden edits']);
      await sleep(200);
      sameSizeEdit(join(repo, 'flags', `${A1}.md`));
      const edited = await run(repo, LIST);
      expect(edited.trace[0]).toBe('miss');
      expect(outcome(edited)).toEqual(outcome(await expected(repo, LIST)));
      expect(edited.stdout).not.toBe(first.stdout);
    });
  }

  it('keeps no answer for a flags folder reached through a symlinked folder', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, 'real', 'flags'), { recursive: true });
    symlinkSync('real', join(repo, 'meta'));
    const config = join(repo, '.flagstore.yml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(/^flags_dir: .*$/m, 'flags_dir: meta/flags'),
    );
    const path = writeFlag(repo, A1, {}, 'real/flags');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flags behind a link');
    await sleep(200);
    const first = await run(repo, LIST);
    expect(first.trace).toEqual(['miss', 'not kept: no state key']);
    sameSizeEdit(path);
    const edited = await run(repo, LIST);
    expect(outcome(edited)).toEqual(outcome(await expected(repo, LIST)));
    expect(edited.stdout).not.toBe(first.stdout);
  });

  it('keeps no answer when the config changed while the command ran', async () => {
    const repo = await seededCopy();
    const pause = join(tempDir('flagstore-pause-'), 'go');
    await sleep(200);
    const slow = run(repo, LIST, { FLAGSTORE_TEST_ANSWER_PAUSE: pause });
    await vi.waitFor(() => statSync(`${pause}.ready`), { timeout: 30_000, interval: 20 });
    appendFileSync(join(repo, '.flagstore.yml'), '\n# edited during the run\n');
    writeFileSync(pause, '');
    expect((await slow).trace).toEqual(['miss', 'not kept: name changed']);
  });
});

describe('answer cache: a repository it cannot read in-process', () => {
  it('refs in a reftable git refuses: no key, no crash, the answer of the run without the cache', async () => {
    const repo = await seededCopy();
    const brief = ['brief', '--agent', AGENT];
    for (const args of [LIST, brief]) await warm(repo, args);
    // A reftable repository as the answer cache sees it; this git may not know the format.
    git(repo, 'config', 'core.repositoryformatversion', '1');
    git(repo, 'config', 'extensions.refStorage', 'reftable');
    mkdirSync(join(repo, '.git', 'reftable'));
    // The hot path leaves a repository with extensions to git (the full CLI answers), or takes
    // no state key: either way nothing is kept, so the same command line misses again.
    for (const args of [LIST, brief, LIST.slice(0, 3), LIST]) {
      const res = await run(repo, args);
      expect(res.trace[0]).toBe('miss');
      expect(res.trace).not.toContain('kept');
      expect(res.stderr).not.toMatch(/UnhandledPromiseRejection|\n\s+at /);
      expect(outcome(res)).toEqual(outcome(await expected(repo, args)));
    }
  });
});
