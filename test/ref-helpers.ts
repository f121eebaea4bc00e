/** Shared set-up of the tests of the in-process ref move (src/git/ref-files-write.ts). */
import { readFileSync } from 'node:fs';
import { createFlag, git, makeRepo } from './helpers.js';

/** The ledger's ref, and the reason a ledger write gives in the reflog. */
export const REF = 'refs/heads/flagstore';
export const REASON = 'flagstore: ledger write';

/** A repository with a ledger, and a new commit on its tip (not yet on the ref). */
export async function withNext(): Promise<{ root: string; old: string; next: string }> {
  const root = await makeRepo();
  await createFlag(root, '@a.one', 'change', '--to', '@b.two');
  const old = git(root, 'rev-parse', REF).trim();
  const next = git(root, 'commit-tree', `${old}^{tree}`, '-p', old, '-m', 'next').trim();
  return { root, old, next };
}

/** The last line of a reflog, its bytes kept as they are (latin1). */
export const lastLine = (path: string): string =>
  readFileSync(path, 'latin1').trimEnd().split('\n').pop()!;
