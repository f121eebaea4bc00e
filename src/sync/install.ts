/**
 * Setup steps `flagstore init` runs for collaboration: the merge driver, the ignore rule for
 * flagstore's temp files, and the CI workflow.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gitConfig, git } from '../git/repo.js';
import { createAtomic, writeAtomic } from '../store/atomic.js';
import { FLAGSTORE_BIN } from '../store/package.js';
import type { SetupReport } from '../core/setup.js';

/** What the setup steps need of a workspace: its root and folders. */
export interface SetupTarget {
  root: string;
  config: { flags_dir: string; agents_dir: string; agents_dirs: string[] };
}

/** The flagstore CLI this module belongs to: the driver runs the same one. */
const BIN = FLAGSTORE_BIN;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A folder as a `.gitattributes` or `.gitignore` pattern matches it literally: spaces, `#` and
 * globs in brackets, `!` and a backslash escaped by a backslash (in brackets git reads them as a
 * negated class and an escape, and the pattern matched nothing). A `.gitattributes` pattern with
 * a space is also quoted: {@link attributesPattern}.
 */
export function escapeDir(dir: string): string {
  return dir.replace(/[!\\]/g, '\\$&').replace(/([\s#*?[\]])/g, '[$1]');
}

/**
 * A `.gitattributes` pattern for `tail` under a folder: quoted as a C string when it holds a
 * space, which ends an unquoted pattern there (git read `/team[ ]flags/*.md merge=flagstore`
 * as the pattern `/team[` and warned of the rest on every command).
 */
export function attributesPattern(dir: string, tail: string): string {
  const pattern = `/${escapeDir(dir)}/${tail}`;
  return /\s/.test(pattern) ? `"${pattern.replace(/["\\]/g, '\\$&')}"` : pattern;
}

/** The `.gitattributes` line routing flag files to the flagstore merge driver. */
export function attributesLine(flagsDir: string): string {
  return `${attributesPattern(flagsDir, '*.md')} merge=flagstore`;
}

/**
 * Every `.gitattributes` line init writes: the merge driver, and LF line endings for flag and
 * agent files and for the committed hook script, so a clone with `core.autocrlf=true` still
 * reads them and its shell still runs the hook (CR ends broke every commit there).
 */
export function attributesLines(config: SetupTarget['config']): string[] {
  return [
    attributesLine(config.flags_dir),
    `${attributesPattern(config.flags_dir, '*.md')} text eol=lf`,
    `${attributesPattern(config.agents_dir, '**/*.md')} text eol=lf`,
    '/.flagstore/hooks/* text eol=lf',
  ];
}

const ATTRIBUTES = '.gitattributes';

/**
 * husky's hook files, which carry our line: LF as well where husky is used, since a CR LF copy
 * fails every commit with a shell syntax error (checked with husky 9).
 */
const HUSKY_LINES = ['/.husky/pre-commit text eol=lf', '/.husky/pre-merge-commit text eol=lf'];

/** The lines this repository needs: {@link attributesLines}, and husky's where it is used. */
function neededLines(ws: SetupTarget): string[] {
  const husky = existsSync(join(ws.root, '.husky')) ? HUSKY_LINES : [];
  return [...attributesLines(ws.config), ...husky];
}

/** A set-up file's text in the work tree (`.gitattributes`, `.gitignore`); '' when absent. */
function readSetupFile(root: string, name: string): string {
  const path = join(root, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function readAttributes(root: string): string {
  return readSetupFile(root, ATTRIBUTES);
}

/** The attributes lines init writes that the repository's `.gitattributes` lacks. */
export function missingAttributes(ws: SetupTarget): string[] {
  return linesMissing(readAttributes(ws.root), neededLines(ws));
}

/** The `needed` lines a set-up file's text lacks (its line ends aside). */
function linesMissing(text: string, needed: string[]): string[] {
  const have = new Set(text.split(/\r?\n/));
  return needed.filter((line) => !have.has(line));
}

/**
 * Writes a set-up file with `lines` added at its end, in the file's own line ends (CR LF where
 * it has them): the user's lines are kept byte for byte, a missing last line end added.
 */
function appendSetupLines(root: string, file: { name: string; text: string; lines: string[] }) {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const body = file.text === '' || file.text.endsWith('\n') ? file.text : `${file.text}${eol}`;
  writeAtomic(join(root, file.name), `${body}${file.lines.join(eol)}${eol}`);
}

/**
 * Written before the husky lines init adds: uninstall takes out only husky lines under it, so a
 * husky line the user wrote (the same text) is never touched.
 */
const HUSKY_MARK = '# husky hooks LF (added by flagstore init)';

async function ensureAttributes(ws: SetupTarget, report: SetupReport): Promise<void> {
  const text = readAttributes(ws.root);
  const missing = linesMissing(text, neededLines(ws));
  if (missing.length === 0) {
    report.unchanged.push(ATTRIBUTES);
    return;
  }
  const husky = missing.filter((line) => HUSKY_LINES.includes(line));
  const added = [
    ...missing.filter((line) => !husky.includes(line)),
    ...(husky.length > 0 ? [HUSKY_MARK, ...husky] : []),
  ];
  appendSetupLines(ws.root, { name: ATTRIBUTES, text, lines: added });
  report.created.push(ATTRIBUTES);
}

/**
 * The lines of `.gitattributes` that are not init's: its own lines anywhere, and husky lines
 * only right under its mark (a husky line the user wrote stays).
 */
function userLines(lines: string[], ours: Set<string>): string[] {
  let underMark = false;
  return lines.filter((raw) => {
    const line = raw.replace(/\r$/, '');
    if (line === HUSKY_MARK) {
      underMark = true;
      return false;
    }
    underMark &&= HUSKY_LINES.includes(line);
    return !underMark && !ours.has(line);
  });
}

/** Takes out the `.gitattributes` lines init wrote (the file goes when nothing else is left). */
export async function removeAttributes(ws: SetupTarget, report: SetupReport): Promise<void> {
  const lines = readAttributes(ws.root).split('\n');
  const kept = userLines(lines, new Set(attributesLines(ws.config)));
  await keepRest(ws.root, { name: ATTRIBUTES, lines, kept }, report);
}

/**
 * Writes a set-up file's `kept` lines once init's are taken out of its `lines`: nothing when
 * none was, and the file goes when nothing else is left.
 */
async function keepRest(
  root: string,
  file: { name: string; lines: string[]; kept: string[] },
  report: SetupReport,
): Promise<void> {
  const { name, lines, kept } = file;
  if (kept.length === lines.length) return;
  const rest = kept.join('\n');
  if (rest.trim() === '') await rm(join(root, name), { force: true });
  else writeAtomic(join(root, name), rest);
  report.removed.push(rest.trim() === '' ? name : `${name} (our lines)`);
}

const IGNORE = '.gitignore';

/**
 * The `.gitignore` lines init writes: flagstore's temp files in the flags folder
 * (`.<id>.md.<pid>.<hex>.tmp`, see store/atomic.ts), so that `git add -A` and `git status` leave
 * out one a stalled or killed writer left for a while (field trial 41), which the flags gate
 * would then refuse; and in each catalog folder, at any depth (`agents add`, `agents import`,
 * `instructions --install` write agent files the same way). The hook's saved hidden edits
 * (`*.flagstore-unstaged`) are not ignored: they are the user's to bring back, and `git status`
 * keeps showing them until then.
 */
export function ignoreLines(config: SetupTarget['config']): string[] {
  return [
    "# flagstore's temp files (added by flagstore init)",
    `/${escapeDir(config.flags_dir)}/.*.tmp`,
    ...config.agents_dirs.map((dir) => `/${escapeDir(dir)}/**/.*.tmp`),
  ];
}

/**
 * Adds the ignore lines `.gitignore` lacks at its end, appending (the user's lines are never
 * rewritten); a second init finds them and adds nothing.
 */
export function ensureIgnore(ws: SetupTarget, report: SetupReport): void {
  const text = readSetupFile(ws.root, IGNORE);
  const missing = linesMissing(text, ignoreLines(ws.config));
  if (missing.length === 0) {
    report.unchanged.push(IGNORE);
    return;
  }
  appendSetupLines(ws.root, { name: IGNORE, text, lines: missing });
  report.created.push(text === '' ? IGNORE : `${IGNORE} (our lines added)`);
}

/** Takes out the `.gitignore` lines init wrote (the file goes when nothing else is left). */
export async function removeIgnore(ws: SetupTarget, report: SetupReport): Promise<void> {
  const lines = readSetupFile(ws.root, IGNORE).split('\n');
  const ours = new Set(ignoreLines(ws.config));
  const kept = lines.filter((line) => !ours.has(line.replace(/\r$/, '')));
  await keepRest(ws.root, { name: IGNORE, lines, kept }, report);
}

/** Takes out the merge driver's git config (the `merge.flagstore` section). */
export async function removeDriverConfig(ws: SetupTarget, report: SetupReport): Promise<void> {
  if ((await gitConfig(ws.root, 'merge.flagstore.driver')) === null) return;
  await git(ws.root, ['config', '--local', '--remove-section', 'merge.flagstore']);
  report.removed.push('git config merge.flagstore');
}

/** Points `merge.flagstore.driver` in the repository's git config at this flagstore. */
export async function ensureDriverConfig(
  ws: SetupTarget,
  report: Pick<SetupReport, 'created' | 'unchanged' | 'manual'>,
): Promise<void> {
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
export async function installMergeDriver(ws: SetupTarget, report: SetupReport): Promise<void> {
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
      - name: flagstore report
        if: always()
        run: flagstore report --html -o flagstore-report.html
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: flagstore-report
          path: flagstore-report.html
`;

/** Writes the CI workflow for a provider (only \`github\` exists), keeping an existing one. */
export async function installCi(ws: SetupTarget, report: SetupReport): Promise<void> {
  const rel = '.github/workflows/flagstore.yml';
  const path = join(ws.root, rel);
  if (existsSync(path)) {
    report.unchanged.push(rel);
    return;
  }
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(ws.root, '.github', 'workflows'), { recursive: true });
  createAtomic(path, GITHUB_WORKFLOW);
  report.created.push(rel);
}
