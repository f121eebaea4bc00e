// Search section of `npm run bench`: latency over a generated 1,000-agent catalog (relevance
// is in search-eval.bench.mjs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, measure, ROOT, runCli } from './lib.mjs';

const dist = (path) => import(join(ROOT, 'dist', path));

const DOMAINS = ['backend', 'frontend', 'database', 'ops', 'service', 'business', 'data', 'ml'];
const TECH = `postgres mysql redis kafka rabbitmq kubernetes docker terraform ansible helm react vue
angular svelte nextjs django flask fastapi rails laravel spring express nestjs graphql grpc rest
oauth jwt saml stripe paypal twilio sendgrid elasticsearch opensearch clickhouse snowflake
airflow dbt spark pandas pytorch tensorflow langchain openai mapbox leaflet cypress playwright
jest pytest prometheus grafana datadog sentry nginx haproxy envoy istio vault consul nomad
lambda cloudflare vercel netlify firebase supabase mongodb cassandra dynamodb neo4j sqlite
webpack vite rollup babel typescript rust golang java kotlin swift flutter unity websockets`.split(
  /\s+/,
);
const TOPICS = `caching replication sharding migrations observability alerting tracing deployment
pipelines authentication authorization billing invoicing payments search analytics streaming
batch scheduling queues notifications routing geocoding rendering testing accessibility
performance security compliance backups recovery scaling`.split(/\s+/);

function rng(seed) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

export function generateCatalog(dir, count) {
  const random = rng(42);
  const pick = (list) => list[Math.floor(random() * list.length)];
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const tech = [pick(TECH), pick(TECH), pick(TECH)];
    const topics = [pick(TOPICS), pick(TOPICS)];
    const handle = `${pick(DOMAINS)}.${tech[0]}-${i}`;
    const sentences = Array.from(
      { length: 30 },
      () => `Works on ${pick(TOPICS)} with ${pick(TECH)} and ${pick(TECH)} for ${pick(TOPICS)}.`,
    );
    writeFileSync(
      join(dir, `${handle}.md`),
      `---\nname: ${handle}\ndescription: Expert ${tech[0]} engineer for ${topics.join(' and ')} with ${tech[1]} and ${tech[2]}.\ntags: [${[...tech, ...topics].join(', ')}]\ntools: Read, Write, Bash\nmodel: sonnet\n---\n\n# ${handle}\n\n${sentences.join(' ')}\n`,
    );
  }
}

const QUERIES = [
  'kafka streaming with postgres replication',
  'oauth jwt authentication for the express api',
  'k8s helm deployment pipelines',
  'postgress caching with redis',
];

async function latencyRows() {
  const repo = makeRepo();
  generateCatalog(join(repo, 'agents'), 1000);
  const cache = join(repo, '.git', 'flagstore', 'cache-agents.json');
  const cold = measure({
    runs: 3,
    before: () => rmSync(cache, { force: true }),
    fn: () => runCli(repo, ['search', QUERIES[0], '5']),
  });
  runCli(repo, ['search', QUERIES[0], '5']);
  const { openWorkspace } = await dist('services/workspace.js');
  const { searchCatalog, searchDocs } = await dist('services/agents.js');
  const { searchAgents } = await dist('catalog/search.js');
  const ws = await openWorkspace(repo);
  const docs = await searchDocs(ws);
  const times = (fn) => async (i) => {
    const start = process.hrtime.bigint();
    await fn(QUERIES[i % QUERIES.length]);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const inProcess = [];
  const rankOnly = [];
  for (let i = 0; i < 20; i++) {
    inProcess.push(await times((q) => searchCatalog(ws, q, 5))(i));
    rankOnly.push(await times((q) => searchAgents(docs, q, 5))(i));
  }
  const summary = (values) => measure({ runs: values.length, fn: (i) => values[i] });
  return [
    {
      name: '1,000 agents, in-process, warm (reads the cached index + ranks)',
      target: '< 150 ms',
      ...summary(inProcess),
    },
    { name: '1,000 agents, in-process, ranking only (index in memory)', ...summary(rankOnly) },
    {
      name: '1,000 agents, `flagstore search` end to end, warm',
      ...measure({
        runs: 10,
        fn: (i) => runCli(repo, ['search', QUERIES[i % QUERIES.length], '5']),
      }),
    },
    { name: '1,000 agents, `flagstore search` end to end, cold (builds the index)', ...cold },
    {
      name: 'for comparison: `flagstore --version` (node start-up and module loading)',
      ...measure({ runs: 10, fn: () => runCli(repo, ['--version']) }),
    },
  ];
}

export default async function searchSection({ progress }) {
  progress('search latency over 1,000 agents');
  const latency = await latencyRows();
  return {
    title: 'Agent search',
    note: 'Latency: a generated catalog of 1,000 agent files with ~1.5 KB prompts; in-process rows exclude node start-up, end-to-end rows include it.',
    rows: latency,
  };
}
