/**
 * Related words for agent search: how people phrase a need ("pods keep crashing", "people get
 * logged out") against how agent files describe a skill ("container failures",
 * "authentication"). A general-purpose list of software vocabulary, applied to queries only, at a
 * lower weight than the word itself; never a rule for one query or one catalog. Pure: no I/O.
 */
import { stem, termsOfWord, words } from './text.js';

/** Phrases a user types, rewritten to one word of the list below (queries only). */
const QUERY_PHRASES: [RegExp, string][] = [
  [/\b(log|logs|logged|logging|sign|signs|signed|signing) (in|on|out)\b/g, ' login '],
  [/\b(is|are|was|were|went|goes|go|going) down\b/g, ' outage '],
  [/\bscreen ?readers?\b/g, ' accessibility '],
  [/\ba\s*\/\s*b (test|tests|testing)\b/g, ' experiment '],
  [/\b(pull|merge) requests?\b/g, ' pullrequest '],
  [/\bload ?balancers?\b/g, ' loadbalancer '],
  [/\blanguage models?\b/g, ' llm '],
  [/\b(root cause|figure out|find out why|what happened)\b/g, ' diagnose '],
  [/\brate ?limit(s|ing|ed)?\b/g, ' ratelimit '],
  [/\bout of memory\b/g, ' oom '],
  [/\bthird[- ]party\b/g, ' integration '],
];

/**
 * A user's word and the words agent files use for the same need. Keys and values are plain
 * words; values go through the index's analysis, a key only through the stemmer, so a key is
 * never a word the synonyms of text.ts rewrite (a key "login" would have applied to every
 * "authentication" term, and "llm", which the synonyms expand to "llm ai", to "ai" as well).
 */
const RELATED: Record<string, string[]> = {
  // identity and access
  logout: ['authentication', 'session'],
  password: ['authentication', 'credential'],
  credential: ['authentication', 'secret'],
  session: ['authentication'],
  token: ['jwt', 'authentication'],
  permission: ['authorization', 'rbac'],
  role: ['authorization', 'rbac'],
  // failures and incidents
  crash: ['failure', 'error', 'incident', 'debug'],
  broken: ['failure', 'bug', 'debug'],
  fail: ['failure', 'error'],
  error: ['failure', 'debug'],
  bug: ['debug', 'error'],
  outage: ['incident', 'failure', 'troubleshooting', 'production'],
  incident: ['troubleshooting', 'outage'],
  diagnose: ['debug', 'troubleshooting', 'incident'],
  investigate: ['debug', 'troubleshooting', 'diagnose'],
  oom: ['memory', 'leak', 'performance'],
  leak: ['memory', 'performance'],
  // speed and scale
  slow: ['performance', 'latency', 'optimization'],
  latency: ['performance'],
  fast: ['performance', 'optimization'],
  speed: ['performance', 'optimization'],
  bottleneck: ['performance', 'profiling'],
  scale: ['scalability', 'capacity', 'load'],
  traffic: ['load', 'scalability'],
  capacity: ['scalability', 'load'],
  cache: ['caching', 'redis', 'performance'],
  // containers, delivery, cloud
  pod: ['kubernetes', 'container'],
  helm: ['kubernetes'],
  cluster: ['kubernetes'],
  docker: ['container'],
  dockerfile: ['docker', 'container'],
  container: ['docker', 'kubernetes'],
  rollout: ['deployment', 'release'],
  rollback: ['deployment', 'release'],
  deploy: ['deployment', 'release'],
  release: ['deployment'],
  pipeline: ['cicd'],
  pullrequest: ['cicd', 'review', 'git'],
  merge: ['git'],
  branch: ['git'],
  vpc: ['network', 'cloud', 'infrastructure'],
  subnet: ['network', 'cloud', 'infrastructure'],
  firewall: ['network', 'security'],
  loadbalancer: ['network', 'infrastructure'],
  aws: ['cloud'],
  gcp: ['cloud'],
  azure: ['cloud'],
  server: ['infrastructure'],
  // code quality and tests
  review: ['quality'],
  feedback: ['review'],
  diff: ['review', 'git'],
  refactor: ['quality', 'clean'],
  flaky: ['test'],
  coverage: ['test'],
  // data
  column: ['schema', 'database', 'migration'],
  schema: ['database', 'migration'],
  migration: ['database', 'schema'],
  sql: ['database', 'query'],
  index: ['query', 'database'],
  partition: ['database', 'table'],
  vacuum: ['postgresql'],
  autovacuum: ['postgresql', 'vacuum'],
  embedding: ['vector'],
  similarity: ['vector', 'search'],
  relevance: ['search', 'ranking'],
  experiment: ['statistics', 'analytics'],
  statistic: ['analytics', 'data'],
  metric: ['analytics', 'monitoring'],
  dashboard: ['analytics', 'monitoring'],
  churn: ['retention', 'subscription', 'analytics'],
  forecast: ['prediction', 'analytics'],
  predict: ['prediction', 'ml'],
  etl: ['pipeline', 'data'],
  // products and platforms
  iphone: ['ios', 'mobile'],
  ios: ['mobile'],
  android: ['mobile'],
  phone: ['mobile', 'responsive'],
  tablet: ['mobile', 'responsive'],
  offline: ['sync', 'mobile'],
  responsive: ['mobile', 'css'],
  css: ['frontend', 'style'],
  ui: ['frontend', 'component'],
  ux: ['frontend', 'design'],
  accessibility: ['wcag', 'compliance'],
  wcag: ['accessibility', 'compliance'],
  gdpr: ['compliance', 'privacy'],
  pentest: ['security', 'penetration', 'vulnerability'],
  vulnerability: ['security', 'cve'],
  cve: ['security', 'vulnerability'],
  exploit: ['security', 'vulnerability'],
  encrypt: ['encryption', 'crypto'],
  certificate: ['tls', 'ssl'],
  // money and messages
  pay: ['payment'],
  checkout: ['payment'],
  charge: ['payment', 'billing'],
  invoice: ['billing'],
  refund: ['payment', 'billing'],
  subscription: ['billing'],
  notification: ['push', 'messaging'],
  push: ['notification'],
  reminder: ['notification', 'email'],
  sync: ['integration'],
  integration: ['api', 'webhook'],
  // AI
  prompt: ['llm', 'ai'],
  chatbot: ['llm', 'ai'],
  assistant: ['llm', 'ai'],
  llm: ['prompt'],
  // docs and logs
  readme: ['documentation'],
  tutorial: ['documentation'],
  log: ['logging', 'monitoring'],
  alert: ['monitoring', 'alerting'],
  map: ['geospatial', 'gis', 'location'],
  geo: ['geospatial', 'gis', 'location'],
  address: ['geocoding', 'location'],
  coordinate: ['geospatial', 'location'],
  polygon: ['geospatial', 'gis'],
  spatial: ['geospatial', 'gis'],
  ratelimit: ['rate', 'limiting', 'throttling', 'api'],
};

let stemmed: Map<string, string[]> | undefined;

/**
 * {@link RELATED} by stemmed key, with stemmed values. Made on first use ({@link relatedTerms}):
 * `create` loads the catalog's search for its agent check and asks it nothing when the target is
 * in the catalog, and the stemmer's first calls cost it 4 to 8 ms at start (round perf29).
 */
function relatedByStem(): Map<string, string[]> {
  const made = new Map<string, string[]>();
  for (const [word, related] of Object.entries(RELATED)) {
    const key = stem(word);
    const list = [...(made.get(key) ?? []), ...related.flatMap(termsOfWord)];
    made.set(
      key,
      [...new Set(list)].filter((v) => v !== key),
    );
  }
  return made;
}

/** The query's words, its phrases rewritten to words of the related list. */
export function queryWords(text: string): string[] {
  return words(text, QUERY_PHRASES);
}

/** Index terms related to a query term (stemmed), without the term itself. */
export function relatedTerms(term: string): string[] {
  stemmed ??= relatedByStem();
  return stemmed.get(term) ?? [];
}
