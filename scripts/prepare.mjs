// `prepare` runs on `npm ci` / `npm install` in a checkout (and before `npm pack`). It builds
// dist/ when the compiler is installed (a development install), and enables this repository's own
// git hooks through husky. It never needs the compiler: a tarball ships dist/ (and this script,
// since npm may run `prepare` when installing a tarball file: it then says so and stops), and
// a checkout installed without dev dependencies skips the build with a message. Hooks are skipped where enabling them would be wrong: CI (CI=true),
// outside a git checkout, and in a linked worktree, where core.hooksPath would be set for every
// worktree of the repository and silently switch off the hooks of branches without .husky/.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function hasCompiler() {
  try {
    createRequire(import.meta.url).resolve('typescript');
    return true;
  } catch {
    return false;
  }
}

function build() {
  if (realpathSync(process.cwd()) !== realpathSync(root)) {
    console.log('prepare: not run from the package folder; dist/ is not rebuilt');
    return;
  }
  if (!hasCompiler()) {
    console.log('prepare: typescript is not installed; dist/ is not rebuilt');
    return;
  }
  const res = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

function hookSkipReason() {
  if (process.env.CI) return 'CI';
  if (!existsSync('.git')) return 'not a git checkout';
  if (!statSync('.git').isDirectory()) return 'a linked worktree; run `npx husky` to opt in';
  return null;
}

async function enableHooks() {
  const skip = hookSkipReason();
  if (skip !== null) {
    console.log(`prepare: git hooks not enabled (${skip})`);
    return;
  }
  try {
    const { default: husky } = await import('husky');
    const message = husky();
    if (message) console.log(`prepare: husky: ${message}`);
  } catch {
    console.log('prepare: husky is not installed; git hooks not enabled');
  }
}

build();
await enableHooks();
