import {
  copyFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cli,
  createArgs,
  createFlag,
  makeRepo,
  seedCreateArgs,
  spawnCli,
  tempDir,
} from './helpers.js';

/** A small catalog in the seed's `domain.module` style, written for these tests. */
const AGENTS = resolve(import.meta.dirname, 'data', 'catalog');

async function catalogRepo(): Promise<string> {
  const repo = await makeRepo();
  const res = await cli(repo, ['agents', 'import', AGENTS]);
  if (res.code !== 0) throw new Error(res.stderr);
  return repo;
}

interface SeedSearch {
  query: string;
  total_matches: number;
  results: { name: string; score: number; rank: number; reasons: string[]; confidence: number }[];
}

describe('agent catalog commands', () => {
  it('imports the 20 fixture agents once, lists and shows them', async () => {
    const repo = await makeRepo();
    const first = await cli(repo, ['--json', 'agents', 'import', AGENTS]);
    expect(first.json<{ imported: unknown[] }>().imported).toHaveLength(20);
    const again = (await cli(repo, ['--json', 'agents', 'import', AGENTS])).json<{
      imported: unknown[];
      unchanged: unknown[];
      skipped: unknown[];
    }>();
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toHaveLength(20);
    expect(again.skipped).toEqual([]);
    const list = (await cli(repo, ['--json', 'agents', 'list'])).json<{
      agents: { handle: string; tools: string[] }[];
    }>().agents;
    expect(list).toHaveLength(20);
    expect(list.map((a) => a.handle)).toContain('@business.payments');
    expect(list.find((a) => a.handle === '@backend.rust')?.tools).toContain('Edit');
    const shown = await cli(repo, ['agents', 'show', 'backend.rust']);
    expect(shown.stdout).toMatch(/^@backend\.rust\nRust systems engineer/);
    expect(shown.stdout).toContain('# backend.rust');
    const missing = await cli(repo, ['agents', 'show', '@backend.rsut']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('closest: @backend.rust');
    expect((await cli(repo, ['validate'])).code).toBe(0);
  });

  it('links agent files on request, skips clashing and invalid ones, and stays idempotent', async () => {
    const repo = await makeRepo();
    const source = tempDir();
    copyFileSync(join(AGENTS, 'ops.git.md'), join(source, 'ops.git.md'));
    writeFileSync(join(source, 'broken.md'), '---\nname: Not a handle!\n---\n');
    writeFileSync(
      join(repo, 'agents', 'service.auth.md'),
      '---\nname: service.auth\ndescription: ours\n---\n',
    );
    copyFileSync(join(AGENTS, 'service.auth.md'), join(source, 'service.auth.md'));
    const res = await cli(repo, ['--json', 'agents', 'import', source, '--link']);
    const report = res.json<{ imported: { handle: string }[]; skipped: { reason: string }[] }>();
    expect(report.imported.map((i) => i.handle)).toEqual(['@ops.git']);
    expect(report.skipped.map((s) => s.reason).sort()).toEqual([
      '@service.auth is already in the catalog as agents/service.auth.md, with other content',
      'invalid: name "Not a handle!" is not a handle: use lowercase letters, digits and hyphens, like code-reviewer (or domain.module, like backend.api)',
    ]);
    expect(lstatSync(join(repo, 'agents', 'ops.git.md')).isSymbolicLink()).toBe(true);
    const again = await cli(repo, ['--json', 'agents', 'import', source, '--link']);
    expect(again.json<{ imported: unknown[]; unchanged: unknown[] }>()).toMatchObject({
      imported: [],
      unchanged: [{ handle: '@ops.git', file: 'agents/ops.git.md' }],
    });
  });

  it('scaffolds a valid agent and refuses a duplicate or a bad handle', async () => {
    const repo = await makeRepo();
    const add = await cli(repo, [
      'agents',
      'add',
      'payments.ledger',
      '--description',
      'Double-entry ledger expert',
      '--tags',
      'ledger, accounting',
    ]);
    expect(add.code).toBe(0);
    const text = readFileSync(join(repo, 'agents', 'payments.ledger.md'), 'utf8');
    expect(text).toMatch(/^---\nname: payments\.ledger\ndescription: Double-entry ledger expert\n/);
    expect(text).toContain('tags:\n  - ledger\n  - accounting');
    expect((await cli(repo, ['validate', 'agents/payments.ledger.md'])).code).toBe(0);
    const dup = await cli(repo, ['agents', 'add', '@payments.ledger', '--description', 'x']);
    expect(dup.code).toBe(6);
    const bad = await cli(repo, ['agents', 'add', 'ledger!', '--description', 'x']);
    expect(bad.code).toBe(3);
    expect(existsSync(join(repo, 'agents', 'ledger!.md'))).toBe(false);
    const kebab = await cli(repo, ['agents', 'add', 'ledger-keeper', '--description', 'x']);
    expect(kebab.code).toBe(0);
    expect(existsSync(join(repo, 'agents', 'ledger-keeper.md'))).toBe(true);
  });

  it('validates agent files with file and line, and reports duplicate handles', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'agents', 'a.b.md'), '---\nname: a.b\ndescription: fine\n---\nbody\n');
    writeFileSync(
      join(repo, 'agents', 'copy.md'),
      '---\n# a copy\ndescription: dup\nname: "@a.b"\n---\n',
    );
    writeFileSync(join(repo, 'agents', 'bad.md'), '---\ndescription: no name\ntags: 12\n---\n');
    const res = await cli(repo, ['validate']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('agents/bad.md:1: error: name is required');
    expect(res.stdout).toContain('agents/bad.md:3: error: tags must be a list');
    expect(res.stdout).toContain('agents/copy.md:4: error: duplicate handle @a.b');
    expect(res.stdout).toContain('warning: file name differs from the handle @a.b');
    expect(res.stdout).toContain('3 file(s) checked, 2 invalid');
  });

  it('refuses a likely typo of a catalog handle unless --force, and warns for other unknown targets', async () => {
    const repo = await catalogRepo();
    const refused = await cli(repo, [
      ...createArgs('change', '--to', '@backend.nodjs'),
      '--by',
      '@a.b',
    ]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(
      'target @backend.nodjs is not in the agent catalog; did you mean @backend.nodejs?',
    );
    expect(refused.stderr).toContain('--force');
    expect(readdirSync(join(repo, 'flags')).filter((f) => f.endsWith('.md'))).toEqual([]);
    await createFlag(repo, '@a.b', 'change', '--to', '@backend.nodejs');
    await createFlag(repo, '@a.b', 'change', '--to', '@backend.nodjs', '--force');
    const seedArgs = (to: string): string[] => seedCreateArgs({ from: '@a.b', to });
    const typo = await cli(repo, seedArgs('@frontend.reactjs'));
    expect(typo.code).toBe(4);
    expect(typo.json<{ error: string; suggestions: string[] }>().suggestions).toEqual([
      '@frontend.react',
    ]);
    const unknown = await cli(repo, seedArgs('@database.weaviate'));
    expect(unknown.code).toBe(0);
    const answer = unknown.json<{ success: boolean; warnings: string[] }>();
    expect(answer.success).toBe(true);
    expect(answer.warnings[0]).toMatch(
      /^target @database\.weaviate is not in the agent catalog; closest: @database\./,
    );
  });

  it("answers search-agents in the seed's JSON shape, with typos, synonyms and no-fit queries", async () => {
    const repo = await catalogRepo();
    const jwt = (
      await cli(repo, ['search-agents', 'JWT authentication implementation', '3'])
    ).json<SeedSearch>();
    expect(jwt.query).toBe('JWT authentication implementation');
    expect(jwt.results[0]).toMatchObject({ name: '@service.auth', rank: 1 });
    expect(jwt.results[0]?.reasons.length).toBeGreaterThan(0);
    expect(jwt.total_matches).toBe(jwt.results.length);
    expect(jwt.results.length).toBeLessThanOrEqual(3);
    expect(jwt.results[0]?.confidence).toBeGreaterThan(0.8);
    const typo = (
      await cli(repo, ['search-agents', 'postgress replication lag', '1'])
    ).json<SeedSearch>();
    expect(typo.results[0]?.name).toBe('@database.postgres');
    const k8s = (await cli(repo, ['search-agents', 'k8s helm chart'])).json<SeedSearch>();
    expect(k8s.results[0]?.name).toBe('@ops.containers');
    const bread = (
      await cli(repo, ['search-agents', 'bake sourdough bread with a crisp crust'])
    ).json<SeedSearch>();
    expect(bread).toEqual({
      query: 'bake sourdough bread with a crisp crust',
      total_matches: 0,
      results: [],
    });
    const human = await cli(repo, ['search', 'Docker Kubernetes deployment pipeline', '2']);
    expect(human.stdout.split('\n')[1]).toMatch(/^1 +@ops\.containers +\d/);
    expect((await cli(repo, ['search', 'x', 'many'])).code).toBe(2);
  });
});

describe('a --by identity the catalog lacks', () => {
  const warning = '--by @backend.nodjs is not in the agent catalog; closest: @backend.nodejs';

  it('lock and complete go through but warn, naming the closest handles, as create does', async () => {
    const repo = await catalogRepo();
    const id = await createFlag(repo, '@a.b', 'change', '--to', '@backend.nodejs');
    const locked = await cli(repo, ['lock', id, '--by', '@backend.nodjs']);
    expect(locked.code, locked.stderr).toBe(0);
    expect(locked.stderr).toContain(`warning: ${warning}`);
    const made = await cli(repo, [
      ...createArgs(),
      '--to',
      '@backend.nodejs',
      '--by',
      '@backend.nodjs',
    ]);
    expect(made.stderr).toContain(`warning: ${warning}`);
    const done = await cli(repo, ['--json', 'complete', id, '--by', '@backend.nodjs']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.json<{ warnings: string[] }>().warnings).toEqual([
      expect.stringContaining(warning),
    ]);
  });

  it('says nothing for a catalog handle, nor for an identity that is not an explicit --by', async () => {
    const repo = await catalogRepo();
    const id = await createFlag(repo, '@a.b', 'change', '--to', '@backend.nodejs');
    const known = await cli(repo, ['--json', 'lock', id, '--by', '@backend.nodejs']);
    expect(known.stderr).toBe('');
    expect(known.json<{ warnings: string[] }>().warnings).toEqual([]);
    const fromEnv = await cli(repo, ['unlock', id], { FLAGSTORE_AGENT: '@backend.nodejs' });
    expect(fromEnv.stderr).toBe('');
  });

  it('create warns for an explicit source the catalog lacks (--from, else --by), as for its target', async () => {
    const repo = await catalogRepo();
    const args = createArgs('change', '--to', '@backend.nodejs');
    const from = await cli(repo, ['--json', ...args, '--from', '@backend.nodjs']);
    expect(from.code, from.stderr).toBe(0);
    expect(from.json<{ warnings: string[] }>().warnings).toEqual([
      expect.stringContaining(warning.replace('--by', '--from')),
    ]);
    const by = await cli(repo, [...args, '--by', '@backend.nodjs']);
    expect(by.code, by.stderr).toBe(0);
    expect(by.stderr).toContain(warning);
    const known = await cli(repo, [...args, '--by', '@backend.nodejs']);
    expect(known.stderr).toBe('');
    const fromEnv = await cli(repo, args, { FLAGSTORE_AGENT: '@backend.nodjs' });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stderr).toBe('');
  });

  it('the write entry of the binary warns too (its check is loaded on demand)', async () => {
    const repo = await catalogRepo();
    const id = await createFlag(repo, '@a.b', 'change', '--to', '@backend.nodejs');
    const res = await spawnCli(repo, ['lock', id, '--by', '@backend.nodjs']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(warning);
  });
});
