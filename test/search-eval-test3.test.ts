import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, tempDir } from './helpers.js';

/**
 * Integrity of the set `test3` (test/data/search-eval-test3.json), frozen and held out in the
 * third round, and of the catalog written with it (test/data/claude-agents-b). Measured once at
 * the end of that round, it is part of the tuning pool now; test/search-eval.test.ts guards the
 * search's figures on it. Only the data is checked here.
 */
const DATA = resolve(import.meta.dirname, 'data');
const SET = JSON.parse(readFileSync(join(DATA, 'search-eval-test3.json'), 'utf8')) as {
  description: string;
  cases: { catalog: string; query: string; expected: string[]; split: string }[];
  unrelated_test3: string[];
};

/** Cases per catalog, as the protocol fixed them. */
const COUNTS: Record<string, number> = {
  files: 30,
  sqlite: 20,
  fixture: 22,
  claude: 25,
  claude_b: 25,
};

/** The catalogs kept in this repository, by the name the set uses. */
const FOLDERS: Record<string, string> = {
  fixture: 'catalog',
  claude: 'claude-agents',
  claude_b: 'claude-agents-b',
};

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

/** A fresh git repository with a catalog folder of test/data as its `.claude/agents/`. */
function folderRepo(folder: string): string {
  const repo = tempDir();
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, '.claude'), { recursive: true });
  cpSync(join(DATA, folder), join(repo, '.claude', 'agents'), { recursive: true });
  return repo;
}

/** The catalog folder as `agents list` sees it, read in place from `.claude/agents/`. */
async function listFolder(folder: string): Promise<AgentList> {
  const listed = await cli(folderRepo(folder), ['--json', 'agents', 'list']);
  expect(listed.code).toBe(0);
  return listed.json<AgentList>();
}

describe('held-out set test3', () => {
  it('has the agreed number of cases per catalog, all in split test3, none repeated', () => {
    const perCatalog: Record<string, number> = {};
    for (const c of SET.cases) perCatalog[c.catalog] = (perCatalog[c.catalog] ?? 0) + 1;
    expect(perCatalog).toEqual(COUNTS);
    expect(new Set(SET.cases.map((c) => c.split))).toEqual(new Set(['test3']));
    const keys = SET.cases.map((c) => `${c.catalog}\n${c.query.trim().toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of SET.cases) {
      expect(c.query.trim().length, c.query).toBeGreaterThan(0);
      expect(c.expected.length, c.query).toBeGreaterThan(0);
      expect(new Set(c.expected).size, c.query).toBe(c.expected.length);
    }
    expect(SET.description).toContain('test3');
  });

  it('has 10 distinct unrelated requests', () => {
    expect(SET.unrelated_test3).toHaveLength(10);
    const distinct = new Set(SET.unrelated_test3.map((q) => q.trim().toLowerCase()));
    expect(distinct.size).toBe(10);
    expect(distinct.has('')).toBe(false);
  });

  it('names only agents of the seed catalogs for files and sqlite', () => {
    expect(FILES_HANDLES).toHaveLength(60);
    const sqlite = new Set(FILES_HANDLES.filter((h) => !NOT_IN_SQLITE.has(h)));
    expect(sqlite.size).toBe(41);
    const known: Record<string, Set<string>> = { files: new Set(FILES_HANDLES), sqlite };
    for (const c of SET.cases.filter((k) => k.catalog in known)) {
      for (const handle of c.expected) expect(known[c.catalog]!.has(handle), handle).toBe(true);
    }
  });

  it.each(Object.keys(FOLDERS))(
    "names only agents that load from the '%s' catalog folder",
    async (catalog) => {
      const list = await listFolder(FOLDERS[catalog]!);
      expect(list.not_loaded).toEqual([]);
      const handles = new Set(list.agents.map((a) => a.handle));
      const cases = SET.cases.filter((c) => c.catalog === catalog);
      for (const c of cases) for (const h of c.expected) expect(handles.has(h), h).toBe(true);
    },
  );

  it('loads the new catalog claude-agents-b: 16 agents, none failing, and check passes', async () => {
    const list = await listFolder('claude-agents-b');
    expect(list.agents).toHaveLength(16);
    expect(list.not_loaded).toEqual([]);
    for (const agent of list.agents) expect(agent.handle).toMatch(/^@[a-z0-9]+(-[a-z0-9]+)*$/);
    const check = await cli(folderRepo('claude-agents-b'), ['check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
