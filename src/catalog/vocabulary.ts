/** Word lists for agent search: phrases, abbreviations, related words, stop words. */

/** Multi-word phrases and spellings rewritten to one token before splitting. */
export const PHRASES: [RegExp, string][] = [
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
  [/\b(log|logs|logged|sign|signs|signed|signing) ?(in|on|out)\b/g, ' login '],
  [/\bsign[- ]?ups?\b/g, ' signup '],
  [/\b(is|are|was|were|went|goes|going) down\b/g, ' outage '],
];

/** Abbreviations and synonyms developers type, mapped to the term the index uses. */
export const SYNONYMS: Record<string, string[]> = {
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
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done down during each either else
etc every few for from further get gets getting got had has have having he her here hers him his
how i if in into is it its itself just let lets like make makes me more most much must my need
needs no nor not now of off on once only or other our ours out over own please same she should
so some such than that the their them then there these they this those through to too under
until up upon us very via want wants was we were what when where which while who whom why will
with within without would yet you your yours implement implementing implementation add adding
new help task thing things stuff something someone expert specialist specializing specializes
deep expertise using use used uses work works working modern way ways keep keeps kept find
finds found look looks looking figure set sets try tries trying see seems seem know sure ensure
make making made show shows just still really everyone everything anything anyone lot lots
properly proper good better best right quick quickly easy able fix fixes fixed fixing`.split(/\s+/),
);

/**
 * Query-side related words: a general-purpose list of everyday developer wording and the words
 * agent descriptions use for the same thing (irregular verb forms included). They are searched
 * beside the typed word, at a lower weight, and count as that one word for coverage.
 */
export const RELATED: Record<string, string[]> = {
  bug: ['debug', 'error'],
  bugs: ['debug', 'error'],
  crash: ['failure', 'error'],
  crashes: ['failure', 'error'],
  crashing: ['failure', 'error'],
  crashed: ['failure', 'error'],
  broken: ['failure', 'error'],
  outage: ['incident', 'failure'],
  outages: ['incident', 'failure'],
  slow: ['performance', 'latency'],
  slowly: ['performance', 'latency'],
  slowness: ['performance', 'latency'],
  faster: ['performance'],
  speed: ['performance'],
  pod: ['kubernetes', 'container'],
  pods: ['kubernetes', 'container'],
  diff: ['change'],
  diffs: ['change'],
  notify: ['notification'],
  pay: ['payment'],
  paid: ['payment'],
  wrote: ['write'],
  written: ['write'],
  built: ['build'],
  ran: ['run'],
  broke: ['break'],
  sent: ['send'],
  chart: ['visualization'],
  charts: ['visualization'],
  graphs: ['visualization'],
};
