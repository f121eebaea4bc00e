/**
 * General software vocabulary for agent search, in two tiers. Neither is written for one catalog
 * or one query; both are software as a whole.
 *
 * - Strong words say "software" on their own (refactor, endpoint, kubernetes, stacktrace): one
 *   is enough to answer with the best agent, even when the rest of the request is in a user's
 *   words ("sanity-check my refactor, did I miss anything obvious").
 * - Weak words are software words everyday requests use as often (branch, server, cloud, log,
 *   python, test, commit, container, phone, page): they count as part of the evidence, so
 *   "which branch of the bank is open on Sunday" still gets no agent, while "the settings page
 *   jumps around when I press tab" (three of them) does.
 *
 * Pure.
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

const WEAK = `
test tests testing commit merge branch deploy deployment release version upgrade install
container cluster migration migrate transaction replica query column row table index report
chart dashboard model training accuracy prediction recommendation forecast experiment
statistics metrics revenue invoice billing subscription checkout cart card payment refund
tenant security password session cookie token tokens secrets certificate permission login
logout account user users customer customers admin app apps site page pages screen button
form field input tab settings modal menu layout mobile phone tablet laptop wifi bluetooth
network networking port terminal shell command script job queue worker event stream pipeline
workflow storage memory disk leak heap stack thread performance slow crash crashes bug bugs
error errors server servers cloud service services request requests response traffic load
scale scaling file files folder upload download image build code review docs documentation
library package module framework extension design architecture monitoring alert alerts
incident log logs python java rust ruby react angular swift spark snowflake warehouse pandas
lambda notebook unity unreal keyboard search ranking prompt data backup backups engine
accessibility ai ml backlog component dependency directory regression replication scheduler
shard sla tracing vulnerability
`;

const tier = (list: string) => new Set(list.split(/\s+/).flatMap(termsOfWord));
const STRONG_TERMS = tier(STRONG);
const WEAK_TERMS = new Set([...tier(WEAK)].filter((t) => !STRONG_TERMS.has(t)));

/** Whether an index term is strong software vocabulary (software on its own). */
export function isSoftwareTerm(term: string): boolean {
  return STRONG_TERMS.has(term);
}

/** Whether an index term is weak software vocabulary (software, or everyday, as often). */
export function isWeakSoftwareTerm(term: string): boolean {
  return WEAK_TERMS.has(term);
}
