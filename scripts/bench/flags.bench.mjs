// Flag store core: create, list --for (cold and warm) and show over 1,000 and 10,000 flags,
// with Backlog.md measured beside it in the same run where it can be installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFlagFile } from '../../dist/store/flag-file.js';
import { newFlagId } from '../../dist/store/ids.js';
import { backlogRows } from './backlog.mjs';
import { makeRepo, measure, runCli } from './lib.mjs';

const AGENTS = [
  '@backend.api',
  '@database.postgres',
  '@frontend.react',
  '@ops.cicd',
  '@service.auth',
];
const IMPACTS = ['critical', 'high', 'medium', 'low'];
const TYPES = ['breaking_change', 'new_feature', 'change', 'enhancement'];
const RUNS = 7;

/**
 * A synthetic flag; `n` stands for every number derived from `i` in its texts (a marker when
 * rendering a template, see generateFlags).
 */
function syntheticFlag(i, start, n = { i, module: i % 50, line: i % 400, created: null }) {
  const type = TYPES[i % TYPES.length];
  const created = n.created ?? new Date(start + i).toISOString();
  const completed = n.completed ?? new Date(start + i + 1000).toISOString();
  return {
    id: n.id ?? newFlagId(new Date(start + i)),
    flag_type: type,
    source_agent: AGENTS[i % AGENTS.length],
    target_agent: AGENTS[(i + 1) % AGENTS.length],
    impact_level: type === 'breaking_change' ? 'high' : IMPACTS[(i % 3) + 1],
    status: i % 5 === 0 ? 'completed' : 'pending',
    locked: false,
    locked_by: null,
    locked_at: null,
    lock_expires_at: null,
    related_files: [`src/module${n.module}/file${n.i}.ts`],
    code_location: `src/module${n.module}/file${n.i}.ts:${n.line}`,
    chain_origin_id: null,
    context: { ticket: n.i },
    created_at: created,
    completed_at: i % 5 === 0 ? completed : null,
    completed_by: i % 5 === 0 ? AGENTS[(i + 1) % AGENTS.length] : null,
    change_description: `Synthetic change number ${n.i}: the payload of endpoint /v1/items/${n.i} gained a field.`,
    action_required: `Update the handler for /v1/items/${n.i} in src/module${n.module}/file${n.i}.ts to read the new field, then extend the tests that cover it.`,
    example_usage: null,
    notes: null,
  };
}

/** Markers rendered into a template and replaced per flag (plain YAML scalars, never quoted). */
const MARKERS = {
  id: 'XIDX',
  i: 'XNX',
  module: 'XMX',
  line: 'XLX',
  created: 'XCREATEDX',
  completed: 'XCOMPLETEDX',
};
/** Flags repeat their shape (type, agents, impact, status) every 60 numbers. */
const SHAPES = 60;

/** One rendered template per shape: rendering every flag would dominate generating 100,000. */
function templates() {
  return Array.from({ length: SHAPES }, (_, shape) =>
    renderFlagFile(syntheticFlag(shape, 0, MARKERS)).replace(
      `{"ticket":"${MARKERS.i}"}`,
      '{"ticket":XTICKETX}',
    ),
  );
}

/** Writes `count` valid flag files straight into a repository (generation is not measured). */
export function generateFlags(repo, count) {
  const dir = join(repo, 'flags');
  mkdirSync(dir, { recursive: true });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const shapes = templates();
  for (let i = 0; i < count; i++) {
    const id = newFlagId(new Date(start + i));
    // The id goes in last: a random id may contain another marker's letters (XMX, XNX).
    const text = shapes[i % SHAPES]
      .replace(MARKERS.created, new Date(start + i).toISOString())
      .replace(MARKERS.completed, new Date(start + i + 1000).toISOString())
      .replace('XTICKETX', String(i))
      .replaceAll(MARKERS.module, String(i % 50))
      .replaceAll(MARKERS.line, String(i % 400))
      .replaceAll(MARKERS.i, String(i))
      .replace(MARKERS.id, id);
    writeFileSync(join(dir, `${id}.md`), text);
  }
}

/** The slow, direct rendering of the same flags, to check the templates against. */
export function renderedFlag(i) {
  return renderFlagFile(syntheticFlag(i, Date.parse('2026-01-01T00:00:00Z')));
}

/** A valid `create` with the synthetic agents. */
export const CREATE_ARGS = [
  'create',
  'change',
  '--to',
  '@backend.api',
  '--by',
  '@ops.cicd',
  '--change',
  'Benchmark flag: the deployment pipeline now publishes build metadata.',
  '--action',
  'Read the new build metadata file in the deploy step and report the commit id with every release note; add a test for it.',
];

function sizeRows(count, progress) {
  progress(`generating ${count} flags`);
  const repo = makeRepo();
  generateFlags(repo, count);
  const cache = join(repo, '.git', 'flagstore', 'cache');
  const listArgs = ['list', '--for', '@backend.api', '--json'];
  const cold = measure({
    runs: RUNS,
    before: () => rmSync(cache, { recursive: true, force: true }),
    fn: () => runCli(repo, listArgs),
  });
  runCli(repo, listArgs);
  const warm = measure({ runs: RUNS, fn: () => runCli(repo, listArgs) });
  const create = measure({ runs: RUNS, fn: () => runCli(repo, CREATE_ARGS) });
  const prefix = readdirSync(join(repo, 'flags'))
    .find((name) => name.endsWith('.md'))
    .slice(0, 26);
  const show = measure({ runs: RUNS, fn: () => runCli(repo, ['show', prefix, '--json']) });
  const target = (ms) => (count === 10_000 ? ms : '');
  return [
    { name: `list --for, ${count} flags, cold (no cache)`, ...cold, target: target('< 1 s') },
    { name: `list --for, ${count} flags, warm`, ...warm, target: target('< 200 ms') },
    { name: `create, ${count} flags present`, ...create, target: '< 150 ms' },
    { name: `show <id>, ${count} flags present`, ...show },
  ];
}

/** The bench section. */
export default async function flagsBench({ progress }) {
  const baseline = measure({ runs: RUNS, fn: () => spawnSync(process.execPath, ['-e', '0']) });
  const rows = [{ name: 'node -e 0 (process start-up alone, for scale)', ...baseline }];
  for (const count of [1_000, 10_000]) rows.push(...sizeRows(count, progress));
  rows.push(...(await backlogRows({ progress, runs: RUNS })));
  return {
    title: 'Flag store core (issue 2)',
    note: 'Cold = the parse cache in .git/flagstore is deleted before each run; warm = cache present. Flags are generated files of realistic size (80% pending). Each row starts a new node process.',
    rows,
  };
}
