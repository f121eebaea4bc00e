/** Setup steps `flagstore init` runs for collaboration: the merge driver and the CI workflow. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitConfig, git } from '../git/repo.js';
import { createAtomic, writeAtomic } from '../store/atomic.js';
import { FLAGSTORE_BIN } from '../store/package.js';
import type { InitReport } from '../services/init.js';
import type { Workspace } from '../services/workspace.js';

/** The flagstore CLI this module belongs to: the driver runs the same one. */
const BIN = FLAGSTORE_BIN;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `.gitattributes` line routing flag files to the flagstore merge driver. */
export function attributesLine(flagsDir: string): string {
  return `/${flagsDir.replace(/([\s#!*?[\]\\])/g, '[$1]')}/*.md merge=flagstore`;
}

async function ensureAttributes(ws: Workspace, report: InitReport): Promise<void> {
  const path = join(ws.root, '.gitattributes');
  const line = attributesLine(ws.config.flags_dir);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (text.split('\n').includes(line)) {
    report.unchanged.push('.gitattributes');
    return;
  }
  const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  await writeAtomic(path, `${prefix}${line}\n`);
  report.created.push('.gitattributes');
}

/** Points `merge.flagstore.driver` in the repository's git config at this flagstore. */
export async function ensureDriverConfig(ws: Workspace, report: InitReport): Promise<void> {
  const driver = `${shellQuote(process.execPath)} ${shellQuote(BIN)} merge-driver %O %A %B %P`;
  const label = 'git config merge.flagstore.driver';
  if ((await gitConfig(ws.root, 'merge.flagstore.driver')) === driver) {
    report.unchanged.push(label);
    return;
  }
  await git(ws.root, ['config', 'merge.flagstore.name', 'flagstore flag files (field by field)']);
  await git(ws.root, ['config', 'merge.flagstore.driver', driver]);
  report.created.push(label);
}

/** Installs the merge driver: the attributes entry and the repository's git config. */
export async function installMergeDriver(ws: Workspace, report: InitReport): Promise<void> {
  await ensureAttributes(ws, report);
  await ensureDriverConfig(ws, report);
}

/** The GitHub Actions workflow `init --ci github` writes. */
export const GITHUB_WORKFLOW = `# Written by \`flagstore init --ci github\`: the flag store's CI backstop.
name: flagstore
on:
  pull_request:
  push:
    branches: [main, master]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # flagstore is not on the npm registry yet: set the repository variable FLAGSTORE_PACKAGE
      # to where your team gets it (a tarball URL, or git+https://<host>/<owner>/flagstore.git).
      # Once it is published, the default (flagstore) works as it is.
      - name: install flagstore
        run: npm install -g "\${{ vars.FLAGSTORE_PACKAGE || 'flagstore' }}"
      - name: flagstore check
        run: flagstore check
`;

/** Writes the CI workflow for a provider (only \`github\` exists), keeping an existing one. */
export async function installCi(ws: Workspace, report: InitReport): Promise<void> {
  const rel = '.github/workflows/flagstore.yml';
  const path = join(ws.root, rel);
  if (existsSync(path)) {
    report.unchanged.push(rel);
    return;
  }
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(ws.root, '.github', 'workflows'), { recursive: true });
  await createAtomic(path, GITHUB_WORKFLOW);
  report.created.push(rel);
}
