// `prepare` (npm ci / npm install in a clone): enables this repository's own git hooks through
// husky. Skipped where that would be wrong: CI (CI=true), outside a git checkout (a tarball
// install), and in a linked worktree, where core.hooksPath would be set for every worktree of
// the repository and silently switch off the hooks of branches that have no .husky folder.
import { existsSync, statSync } from 'node:fs';

function reason() {
  if (process.env.CI) return 'CI';
  if (!existsSync('.git')) return 'not a git checkout';
  if (!statSync('.git').isDirectory()) return 'a linked worktree (run `npx husky` to opt in)';
  return null;
}

const skip = reason();
if (skip !== null) {
  console.log(`prepare: git hooks not enabled (${skip})`);
} else {
  try {
    const { default: husky } = await import('husky');
    const message = husky();
    if (message) console.log(`prepare: husky: ${message}`);
  } catch {
    console.log('prepare: husky is not installed; git hooks not enabled');
  }
}
