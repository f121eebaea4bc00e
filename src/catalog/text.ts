/** Text analysis for agent search: tokens, stop words, abbreviations and synonyms, stems. */
import { stemmer } from 'stemmer';

/** Multi-word phrases and spellings rewritten to one token before splitting. */
const PHRASES: [RegExp, string][] = [
  [/\bnode\.?js\b/g, ' nodejs '],
  [/\bvue\.?js\b/g, ' vue '],
  [/\breact\.?js\b/g, ' react '],
  [/\bnext\.?js\b/g, ' nextjs '],
  [/\bnuxt\.?js\b/g, ' nuxtjs '],
  [/\bc\+\+/g, ' cpp '],
  [/\bc#/g, ' csharp '],
  [/\.net\b/g, ' dotnet '],
  [/\bci\s*\/\s*cd\b/g, ' cicd '],
  [/\bcontinuous (integration|delivery|deployment)\b/g, ' cicd '],
  [/\b(multi|two)[- ]factor\b/g, ' mfa '],
  [/\bsingle[- ]sign[- ]on\b/g, ' sso '],
  [/\bjson web tokens?\b/g, ' jwt '],
  [/\bend[- ]to[- ]end\b/g, ' e2e '],
  [/\bmachine[- ]learning\b/g, ' ml '],
  [/\binfrastructure[- ]as[- ]code\b/g, ' iac '],
  [/\bgoogle cloud( platform)?\b/g, ' gcp '],
  [/\bgithub actions\b/g, ' githubactions '],
  [/\breact native\b/g, ' reactnative react '],
  [/\bweb sockets?\b/g, ' websocket '],
];

/** Abbreviations and synonyms developers type, mapped to the term the index uses. */
const SYNONYMS: Record<string, string[]> = {
  k8s: ['kubernetes'],
  k8: ['kubernetes'],
  kube: ['kubernetes'],
  kubectl: ['kubernetes'],
  pg: ['postgresql'],
  postgres: ['postgresql'],
  psql: ['postgresql'],
  pgsql: ['postgresql'],
  ts: ['typescript'],
  js: ['javascript'],
  node: ['nodejs'],
  '2fa': ['mfa'],
  totp: ['mfa'],
  otp: ['mfa'],
  ci: ['cicd'],
  cd: ['cicd'],
  auth: ['authentication'],
  authn: ['authentication'],
  authz: ['authorization'],
  login: ['authentication'],
  signin: ['authentication'],
  db: ['database'],
  dbs: ['database'],
  py: ['python'],
  golang: ['go'],
  tf: ['terraform'],
  gql: ['graphql'],
  mongo: ['mongodb'],
  es: ['elasticsearch'],
  e2e: ['e2e'],
  perf: ['performance'],
  infra: ['infrastructure'],
  docs: ['documentation'],
  doc: ['documentation'],
  sec: ['security'],
  vuln: ['vulnerability'],
  vulns: ['vulnerability'],
  oauth2: ['oauth'],
  a11y: ['accessibility'],
  i18n: ['internationalization'],
  llm: ['llm', 'ai'],
  llms: ['llm', 'ai'],
  gpt: ['llm', 'ai'],
  openai: ['openai', 'llm'],
  genai: ['ai'],
  rag: ['rag', 'ai'],
  pwa: ['pwa'],
  sms: ['sms'],
  email: ['email'],
  emails: ['email'],
  mail: ['email'],
  postgis: ['postgis'],
  sqlite3: ['sqlite'],
  mysql: ['mysql'],
  cron: ['cron'],
  webhooks: ['webhook'],
  gitops: ['gitops'],
  nginx: ['nginx'],
};

/** Words that carry no topic: English function words and generic task verbs. */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done down during each either else
etc every few for from further get gets getting got had has have having he her here hers him his
how i if in into is it its itself just let lets like make makes me more most much must my need
needs no nor not now of off on once only or other our ours out over own please same she should
so some such than that the their them then there these they this those through to too under
until up upon us very via want wants was we were what when where which while who whom why will
with within without would yet you your yours implement implementing implementation add adding
new help task thing things stuff something someone expert specialist specializing specializes
deep expertise using use used uses work works working modern way ways`.split(/\s+/),
);

/**
 * Lowercases and rewrites multi-word phrases (`first`, then the index's own), returning the raw
 * words.
 */
export function words(text: string, first: readonly [RegExp, string][] = []): string[] {
  let lower = ` ${text.toLowerCase()} `;
  for (const [pattern, replacement] of [...first, ...PHRASES]) {
    lower = lower.replace(pattern, replacement);
  }
  return lower.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** One word's index terms (after stop words and synonyms), stemmed; empty for stop words. */
export function termsOfWord(word: string): string[] {
  if (STOP_WORDS.has(word) || /^\d+$/.test(word)) return [];
  const mapped = Object.hasOwn(SYNONYMS, word) ? (SYNONYMS[word] as string[]) : [word];
  return mapped.map(stem).filter((t) => t.length > 1);
}

/**
 * Stems one word (Porter); short or technical tokens with digits are kept as they are. A final
 * y the stemmer wrote as i after a vowel is kept, as Porter2 does: "deploy", "deployed" and
 * "deployment" share the term deploy (Porter alone gave deploi for the first two).
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const stemmed = stemmer(word);
  const y = `${stemmed.slice(0, -1)}y`;
  return /[aeou]i$/.test(stemmed) && word.startsWith(y) ? y : stemmed;
}

/** All index terms of a text, in order (repeats kept, for term frequencies). */
export function terms(text: string): string[] {
  return words(text).flatMap(termsOfWord);
}

/** A query's terms, each with the word the user typed (for reasons), without repeats. */
export function queryTerms(typed: string[]): { term: string; word: string }[] {
  const seen = new Set<string>();
  const result: { term: string; word: string }[] = [];
  for (const word of typed) {
    for (const term of termsOfWord(word)) {
      if (seen.has(term)) continue;
      seen.add(term);
      result.push({ term, word });
    }
  }
  return result;
}
