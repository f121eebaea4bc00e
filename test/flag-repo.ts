/** Repositories holding many valid flags, for the tests that count a command's work. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newFlagId } from '../src/store/ids.js';
import { createFlag, flagText, git, makeRepo } from './helpers.js';

/** A repository with `count` valid pending flags, committed, and the flags' ids. */
export async function repoWithFlags(count: number): Promise<{ repo: string; ids: string[] }> {
  const repo = await makeRepo();
  const ids = Array.from({ length: count }, () => newFlagId(new Date()));
  for (const id of ids) writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', `${count} flags`);
  return { repo, ids };
}

/** A repository with one pending flag from @a.one to @b.two, committed, and its id. */
export async function committedFlag(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  git(repo, 'add', 'flags');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'a flag');
  return { repo, id };
}
