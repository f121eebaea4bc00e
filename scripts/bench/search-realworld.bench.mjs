// Search quality on real projects' agent folders (issue 11): the requests their authors wrote
// in the agents' `<example>` blocks, routed among the project's own agents (realworld.mjs). Two
// readings of each catalog:
// - "as shipped": the folder as its project has it, less the one example block whose request is
//   asked (the author's other examples stay, as they do for Claude Code);
// - "examples out": every example block taken out of every agent, so only the descriptions'
//   sentences and the prompt bodies are left.
// The first batch's projects are split by name (realworld.mjs, splitOf): "dev" tuned on, "test"
// only measured until round 42; the second batch ("held") measured once, then tuned on in round
// 42; the third ("held2") never tuned on.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ROOT } from './lib.mjs';
import { REALWORLD, exampleBlocks, parseFiles, projects, withoutBlocks } from './realworld.mjs';

const dist = (path) => import(join(ROOT, 'dist', path));
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const SPLITS = {
  dev: 'dev (tuned on since round 40)',
  test: 'test (only measured in rounds 40-41, tuned on in round 42)',
  held: 'second batch (measured once in round 41, tuned on in round 42)',
  held2: 'third batch (never tuned on)',
};

function parseOne(readAgentDir, file, text) {
  return parseFiles(readAgentDir, [{ file, text }])[0] ?? null;
}

/** A project's agents parsed as shipped and with their examples out, and its cases. */
export function projectCases(project, readAgentDir) {
  const parsed = project.files.map((f) => ({
    ...f,
    doc: parseOne(readAgentDir, f.file, f.text),
    bare: parseOne(readAgentDir, f.file, withoutBlocks(f.text, exampleBlocks(f.text))),
  }));
  const loaded = parsed.filter((p) => p.doc !== null);
  const shipped = loaded.map((p) => p.doc);
  const bare = parsed.flatMap((p) => (p.bare === null ? [] : [p.bare]));
  const cases = loaded.flatMap((p) =>
    p.requests.map((r) => {
      const own = parseOne(readAgentDir, p.file, withoutBlocks(p.text, [r.block])) ?? p.doc;
      return {
        query: r.request,
        expected: [p.doc.agent.handle],
        bare,
        shipped: shipped.map((d) => (d === p.doc ? own : d)),
      };
    }),
  );
  return { parsed, cases, bare, shipped, failed: parsed.length - loaded.length };
}

function rankers({ searchAgents, baselineSearch, ANSWER_ALWAYS }) {
  const handles = (hits) => hits.map((h) => h.handle);
  return {
    ours: (docs, q) => handles(searchAgents(docs, q, 10)),
    'rule off': (docs, q) => handles(searchAgents(docs, q, 10, { answer: ANSWER_ALWAYS })),
    seed: (docs, q) =>
      handles(
        baselineSearch(
          docs.map((d) => d.agent),
          q,
          10,
        ),
      ),
  };
}

function scoreRows({ head, cases, tools, rank }) {
  return ['shipped', 'bare'].flatMap((reading) => {
    const title = `${head}, ${reading === 'shipped' ? 'as shipped' : 'examples out'}`;
    const score = (fn) => tools.evaluate(cases, (c) => fn(c[reading], c.query));
    const ranked = new Map(cases.map((c) => [c, rank.ours(c[reading], c.query)]));
    const ours = tools.evaluate(cases, (c) => ranked.get(c));
    const wrong = ours.misses.length - ours.noAgent;
    const among = (k) =>
      pct(
        cases.filter((c) =>
          ranked
            .get(c)
            .slice(0, k)
            .some((h) => c.expected.includes(h)),
        ).length / Math.max(1, cases.length),
      );
    return [
      { name: `${title}: top-1, ours`, value: pct(ours.top1), target: '>= 80%' },
      {
        name: `${title}: top-1, ranking alone (no-match rule off)`,
        value: pct(score(rank['rule off']).top1),
      },
      { name: `${title}: top-1, seed scoring`, value: pct(score(rank.seed).top1) },
      { name: `${title}: misses, ours`, value: `${ours.noAgent} no agent, ${wrong} wrong first` },
      { name: `${title}: the right agent among the first three, ours`, value: among(3) },
      { name: `${title}: the right agent among the first five, ours`, value: among(5) },
    ];
  });
}

function unrelatedRows({ head, built, lists, searchAgents }) {
  return ['shipped', 'bare'].map((reading) => {
    let none = 0;
    let asked = 0;
    for (const b of built)
      for (const q of lists) {
        asked++;
        if (searchAgents(b[reading], q, 5).length === 0) none++;
      }
    const title = reading === 'shipped' ? 'as shipped' : 'examples out';
    return {
      name: `${head}, ${title}: unrelated requests answered with no agent (${lists.length} per project)`,
      value: `${none} of ${asked} (${pct(none / Math.max(1, asked))})`,
      target: '>= 80%',
    };
  });
}

function unrelatedLists() {
  const pool = JSON.parse(readFileSync(join(ROOT, 'test', 'data', 'search-eval.json'), 'utf8'));
  return [...pool.unrelated, ...pool.no_match_everyday];
}

function projectRows(built, tools, rank) {
  return built.map((b) => {
    const top = (reading) =>
      pct(tools.evaluate(b.cases, (c) => rank.ours(c[reading], c.query)).top1);
    return {
      name: `${b.split}: ${b.slug} (${b.shipped.length} agents, ${b.cases.length} requests): top-1 as shipped / examples out`,
      value: `${top('shipped')} / ${top('bare')}`,
    };
  });
}

function countRows(all, built) {
  const sum = (key) => all.reduce((n, p) => n + p.files.reduce((m, f) => m + f[key], 0), 0);
  const files = all.reduce((n, p) => n + p.files.length, 0);
  const failed = built.reduce((n, b) => n + b.failed, 0);
  return [
    {
      name: 'projects (dev, test, second batch, third batch)',
      value: `${all.length} (${Object.keys(SPLITS)
        .map((s) => built.filter((b) => b.split === s).length)
        .join(', ')})`,
    },
    { name: 'agent files, of which flagstore could not load', value: `${files}, ${failed}` },
    {
      name: 'example requests left out: under 4 words, naming their own agent, unreadable',
      value: `${sum('short')}, ${sum('named')}, ${sum('unreadable')}`,
    },
  ];
}

export default async function searchRealworldSection({ progress }) {
  const title = 'Agent search on real projects';
  const all = projects();
  if (all === null)
    return {
      title,
      note: `Skipped: ${REALWORLD} is absent.`,
      rows: [{ name: 'real projects', value: 'skipped' }],
    };
  progress(`search quality on ${all.length} real projects`);
  const { readAgentDir } = await dist('catalog/catalog-store.js');
  const tools = {
    searchAgents: (await dist('catalog/search.js')).searchAgents,
    baselineSearch: (await dist('catalog/baseline.js')).baselineSearch,
    evaluate: (await dist('catalog/evaluate.js')).evaluate,
    ANSWER_ALWAYS: (await dist('catalog/search-answer.js')).ANSWER_ALWAYS,
  };
  const rank = rankers(tools);
  const built = all.map((p) => ({
    slug: p.slug,
    split: p.split,
    ...projectCases(p, readAgentDir),
  }));
  const lists = unrelatedLists();
  const rows = countRows(all, built);
  for (const [split, what] of Object.entries(SPLITS)) {
    const mine = built.filter((b) => b.split === split);
    if (mine.length === 0) continue;
    const cases = mine.flatMap((b) => b.cases);
    const head = `${what}, ${mine.length} projects, ${cases.length} requests`;
    rows.push(...scoreRows({ head, cases, tools, rank }));
    rows.push(...unrelatedRows({ head, built: mine, lists, searchAgents: tools.searchAgents }));
  }
  rows.push(...projectRows(built, tools, rank));
  return {
    title,
    note: `Real projects' Claude Code agent folders, gathered verbatim from public repositories (${REALWORLD}, not committed; scripts/bench/realworld.mjs). Each request is one a file's author wrote in an agent's \`<example>\` block (\`user:\`), and the expected answer is that agent; requests under 4 words or naming their own agent are left out. "As shipped": the folder as its project has it, less the example being asked. "Examples out": every example taken out of every description. The first batch's projects are split by a hash of their name, fixed before the first measurement; each row says when its batch was tuned on. Five answers are counted beside three because search's users are told to compare the five it returns. Unrelated: the pool's "unrelated" and "no_match_everyday" requests asked of each project's catalog.`,
    rows,
  };
}
