import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTree } from './copy-tree.js';
import { cli, git, tempDir, type CliResult } from './helpers.js';
import { oncePerFile } from './per-file.js';

/**
 * Integrity checks shared by the frozen held-out search sets (test/data/search-eval-test*.json)
 * and the catalogs written with them. Only the data is checked: the search is never called, so
 * nothing here can be used to tune against a set.
 */
const DATA = resolve(import.meta.dirname, 'data');

/**
 * Each round's new Claude Code catalog, in order: `claude-agents-b` was written with `test3`, and
 * round `index` (0 for `test3`) wrote `claude-agents-<LETTERS[index]>`. A new round adds a letter
 * (after 'z', two letters: 'za' for `test28`, 'zb' for `test29`, 'zc' for `test30`, 'zd' for
 * `test31`, 'ze' for `test32`, 'zf' for `test33`, 'zg' for `test34`, 'zh' for `test35`, 'zi' for
 * `test36`, 'zj' for `test37`, 'zk' for `test38`, 'zl' for `test39`).
 */
export const LETTERS = [
  ...'bcdefghijklmnopqrstuvwxyz',
  'za',
  'zb',
  'zc',
  'zd',
  'ze',
  'zf',
  'zg',
  'zh',
  'zi',
  'zj',
  'zk',
  'zl',
];

/** The catalogs kept in this repository: a set's catalog name to its folder under test/data. */
export const FOLDERS: Record<string, string> = {
  fixture: 'catalog',
  claude: 'claude-agents',
  ...Object.fromEntries(LETTERS.map((letter) => [`claude_${letter}`, `claude-agents-${letter}`])),
};

/** One held-out set as stored: its cases, and its unrelated requests under `unrelated_<split>`. */
interface HeldOutFile {
  description: string;
  cases: { catalog: string; query: string; expected: string[]; split: string }[];
  [unrelated: string]: unknown;
}

/** What a held-out set must contain. */
export interface HeldOutSpec {
  /** The split every case carries (the file is test/data/search-eval-<split>.json); unrelated
   * requests are under `unrelated_<split>`. */
  split: string;
  /** Cases per catalog. */
  counts: Record<string, number>;
  /** The catalog folder written with this set, which must load 16 agents and pass `check`. */
  newFolder: string;
}

/**
 * The seed project's 60 agent files ('files'), by domain. That corpus lives outside the
 * repository (only the opt-in bench reads it), so its handles are listed here.
 */
const SEED_FILES: Record<string, string[]> = {
  analyst: ['data', 'strategic'],
  audit: ['compliance', 'security'],
  backend: ['api', 'go', 'java', 'laravel', 'nodejs', 'python', 'rust', 'serverless'],
  business: ['billing', 'payment', 'subscription'],
  coordinator: [
    'backend',
    'database',
    'devops',
    'frontend',
    'infrastructure',
    'migration',
    'security',
    'testing',
  ],
  database: [
    'mariadb',
    'mongodb',
    'pgvector',
    'postgis',
    'postgres',
    'redis',
    'sqlite',
    'timescale',
    'vectorial',
  ],
  docs: ['specialist'],
  frontend: ['angular', 'mobile', 'react', 'vue'],
  ops: [
    'bash',
    'cicd',
    'containers',
    'git',
    'iac',
    'monitoring',
    'performance',
    'troubleshooting',
    'webserver',
  ],
  plan: ['strategy'],
  service: ['ai', 'auth', 'communication', 'crypto', 'data', 'integrations', 'mapbox'],
  setup: ['acolytes-creator', 'codebase', 'context', 'environment', 'infrastructure'],
  test: ['quality'],
};
const FILES_HANDLES = Object.entries(SEED_FILES).flatMap(([domain, modules]) =>
  modules.map((module) => `@${domain}.${module}`),
);
/** The 19 of those 60 that the seed's init_db.sql does not load; its 41 rows are the rest. */
const NOT_IN_SQLITE = new Set([
  '@database.timescale',
  '@docs.specialist',
  '@plan.strategy',
  '@service.crypto',
  '@test.quality',
  ...SEED_FILES.ops!.map((module) => `@ops.${module}`),
  ...SEED_FILES.setup!.map((module) => `@setup.${module}`),
]);

interface AgentList {
  agents: { handle: string }[];
  not_loaded: unknown[];
}

/** One repository for every catalog folder, and the commands on it in turn (each file's own). */
interface Shelf {
  repo: string;
  queue: Promise<unknown>;
}

const shelf = (): Promise<Shelf> =>
  oncePerFile('held-out catalogs', () => {
    const repo = tempDir();
    git(repo, 'init', '-q', '-b', 'main');
    mkdirSync(join(repo, '.claude'));
    return Promise.resolve({ repo, queue: Promise.resolve() as Promise<unknown> });
  });

/**
 * Runs a command in a git repository whose `.claude/agents/` is a fresh copy of a catalog folder
 * of test/data, alone in it: one repository serves every folder (a `git init` per folder was 48
 * of them a run); the copy's files are new to its caches, as in a new repository.
 */
async function inFolder(folder: string, args: string[]): Promise<CliResult> {
  const held = await shelf();
  const agents = join(held.repo, '.claude', 'agents');
  const run = held.queue.then(async () => {
    copyTree(join(DATA, folder), agents);
    try {
      return await cli(held.repo, args);
    } finally {
      rmSync(agents, { recursive: true, force: true });
    }
  });
  held.queue = run.catch(() => undefined);
  return run;
}

/**
 * Each catalog folder's listing, read once: every round's set checks the same frozen folders
 * (a round adds one), and a listing is a repository and a CLI run. Only data is kept, never a
 * repository, so nothing here outlives the test file's temp folders.
 */
const listings = new Map<string, Promise<AgentList>>();

/** The catalog folder as `agents list` sees it, read in place from `.claude/agents/`. */
function listFolder(folder: string): Promise<AgentList> {
  let listing = listings.get(folder);
  if (listing === undefined) {
    listing = listOnce(folder);
    listings.set(folder, listing);
  }
  return listing;
}

async function listOnce(folder: string): Promise<AgentList> {
  const listed = await inFolder(folder, ['--json', 'agents', 'list']);
  expect(listed.code).toBe(0);
  return listed.json<AgentList>();
}

/** Counts per catalog, one split, no repeated or empty case, and the split named in the text. */
function checkCases(set: HeldOutFile, spec: HeldOutSpec): void {
  const perCatalog: Record<string, number> = {};
  for (const c of set.cases) perCatalog[c.catalog] = (perCatalog[c.catalog] ?? 0) + 1;
  expect(perCatalog).toEqual(spec.counts);
  expect(new Set(set.cases.map((c) => c.split))).toEqual(new Set([spec.split]));
  const keys = set.cases.map((c) => `${c.catalog}\n${c.query.trim().toLowerCase()}`);
  expect(new Set(keys).size).toBe(keys.length);
  for (const c of set.cases) {
    expect(c.query.trim().length, c.query).toBeGreaterThan(0);
    expect(c.expected.length, c.query).toBeGreaterThan(0);
    expect(new Set(c.expected).size, c.query).toBe(c.expected.length);
  }
  expect(set.description).toContain(spec.split);
}

/** Ten distinct, non-empty unrelated requests. */
function checkUnrelated(set: HeldOutFile, spec: HeldOutSpec): void {
  const unrelated = set[`unrelated_${spec.split}`] as string[];
  expect(unrelated).toHaveLength(10);
  const distinct = new Set(unrelated.map((q) => q.trim().toLowerCase()));
  expect(distinct.size).toBe(10);
  expect(distinct.has('')).toBe(false);
}

/** Every 'files' and 'sqlite' case names only agents of the seed's catalogs. */
function checkSeedHandles(set: HeldOutFile): void {
  expect(FILES_HANDLES).toHaveLength(60);
  const sqlite = new Set(FILES_HANDLES.filter((h) => !NOT_IN_SQLITE.has(h)));
  expect(sqlite.size).toBe(41);
  const known: Record<string, Set<string>> = { files: new Set(FILES_HANDLES), sqlite };
  for (const c of set.cases.filter((k) => k.catalog in known)) {
    for (const handle of c.expected) expect(known[c.catalog]!.has(handle), handle).toBe(true);
  }
}

/** Declares the integrity tests of one frozen held-out set. */
export function describeHeldOutSet(spec: HeldOutSpec): void {
  const file = join(DATA, `search-eval-${spec.split}.json`);
  const set = JSON.parse(readFileSync(file, 'utf8')) as HeldOutFile;
  const kept = Object.keys(spec.counts).filter((catalog) => catalog in FOLDERS);
  describe(`held-out set ${spec.split}`, () => {
    it(`has the agreed number of cases per catalog, all in split ${spec.split}, none repeated`, () =>
      checkCases(set, spec));
    it('has 10 distinct unrelated requests', () => checkUnrelated(set, spec));
    it('names only agents of the seed catalogs for files and sqlite', () => checkSeedHandles(set));
    it('has a catalog folder in FOLDERS for every other catalog it names', () => {
      const named = Object.keys(spec.counts).filter((c) => c !== 'files' && c !== 'sqlite');
      expect(named.filter((catalog) => !(catalog in FOLDERS))).toEqual([]);
    });

    it.each(kept)("names only agents that load from the '%s' catalog folder", async (catalog) => {
      const list = await listFolder(FOLDERS[catalog]!);
      expect(list.not_loaded).toEqual([]);
      const handles = new Set(list.agents.map((a) => a.handle));
      const cases = set.cases.filter((c) => c.catalog === catalog);
      for (const c of cases) for (const h of c.expected) expect(handles.has(h), h).toBe(true);
    });

    it(`loads the new catalog ${spec.newFolder}: 16 agents, none failing, and check passes`, async () => {
      const list = await listFolder(spec.newFolder);
      expect(list.agents).toHaveLength(16);
      expect(list.not_loaded).toEqual([]);
      for (const agent of list.agents) expect(agent.handle).toMatch(/^@[a-z0-9]+(-[a-z0-9]+)*$/);
      const check = await inFolder(spec.newFolder, ['check']);
      expect(check.code, check.stdout + check.stderr).toBe(0);
    });
  });
}
