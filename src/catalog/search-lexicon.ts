/**
 * General software vocabulary for agent search: words that say "software" on their own
 * (refactor, endpoint, kubernetes, stacktrace), whatever the catalog. When a request has one,
 * words the catalog does not know weigh nothing in coverage, so a request in a user's words
 * ("sanity-check my refactor, did I miss anything obvious") is still answered with the best agent,
 * and the strong word the catalog knows weighs more. Not written for one catalog or one query.
 * (A second tier of weak words, "server", "branch", "page", earned nothing once the no-match rule
 * read requests against everyday English, search-answer.ts, and was removed.) Pure.
 */
import { termsOfWord } from './text.js';

const STRONG = `
function struct cpu gpu ram config configuration compile compiler bundler lint linter linting
refactor refactoring codebase repository repo rebase diff rollout rollback pod microservice
microservices monolith endpoint endpoints payload json yaml xml csv api apis rest graphql grpc
websocket http https url dns ssl tls cdn cron kafka rabbitmq database databases schema deadlock
sharding backup sql nosql orm frontend backend fullstack website webpage homepage browser signup
oauth logging latency throughput debug debugger debugging stacktrace traceback exception
typeerror keyerror nullpointer segfault runtime mutex regex parser unittest fixture cicd ci
devops sre observability prometheus grafana nginx linux macos async concurrency ui ux llm gpt
embedding embeddings jwt saml sso mfa 2fa git github gitlab jenkins postgres postgresql mysql
mariadb sqlite mongodb redis elasticsearch cassandra dynamodb supabase firebase nextjs nuxt
django fastapi laravel nestjs tailwind webpack vite jest pytest cypress playwright selenium istio
serverless s3 ec2 rds flutter swiftui xcode gradle maven wasm typescript javascript golang php
kotlin vue svelte nodejs npm yarn pip docker kubernetes k8s helm ingress terraform ansible aws
azure gcp vpc subnet loadbalancer scalability autoscaling uptime encryption xss csrf sqli gdpr
hipaa pci css html dom ios android iphone webhook webhooks sdk saas oom hotfix pr prs
pullrequest reviewer changelog semver readme env dotenv vm vms jupyter numpy tensorflow pytorch
classifier dataset etl bigquery dbt airflow firmware microcontroller esp32 arduino iot shader
sprite localization i18n l10n rtl chargeback chargebacks paypal pentest exploit rce apikey
oauth2 wcag aria screenreader seo analytics kpi pagerduty oncall outage timeout caching cache
admin staging prod qa programming coding developer developers software plugin vpn firewall ssh
bash cli cpu gpu vector sdk idiomatic compile unittests mock mocks dockerfile nodes backend
`;

const tier = (list: string) => new Set(list.split(/\s+/).flatMap(termsOfWord));
/**
 * The vocabulary's terms, made on first use: stemming its words takes a few milliseconds, and
 * `create` loads the catalog's search without asking it (docs/performance.md, round perf28).
 */
let strongTerms: Set<string> | undefined;

/** Whether an index term is software vocabulary (software on its own). */
export function isSoftwareTerm(term: string): boolean {
  strongTerms ??= tier(STRONG);
  return strongTerms.has(term);
}
