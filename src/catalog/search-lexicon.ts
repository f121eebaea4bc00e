/**
 * General software vocabulary for agent search: words that show a request is about software
 * even when the catalog at hand never uses them ("give me feedback on this function before I
 * commit it" against a catalog that says "code review"). A word of this list that the catalog
 * does not know weighs little in the no-match test, and one it knows weighs more; any other
 * unknown word ("sourdough", "ukulele") weighs as much as a telling one. Everyday words that software also uses (job,
 * time, fix, plan, write) are left out on purpose. Pure: no I/O.
 */
import { termsOfWord } from './text.js';

const WORDS = `
function method class module package library dependency variable constant interface struct
object array string integer null exception stack trace thread process memory cpu disk file
folder directory config configuration setting env environment secret variable build compile
compiler bundle bundler lint linter formatter test unit integration mock fixture snapshot
assertion coverage commit branch merge rebase repository repo diff patch release version deploy
deployment rollout rollback pipeline workflow runner artifact container pod cluster server
service microservice endpoint route request response header payload json yaml xml csv api rest
graphql grpc websocket http https url dns ssl tls certificate proxy cdn cache queue worker cron
scheduler stream topic broker kafka rabbitmq database column row index query schema migration
transaction deadlock replica replication shard backup sql nosql orm component frontend backend
fullstack mobile app application website browser login logout signup password session cookie
token oauth permission admin dashboard log logging metric alert monitoring tracing latency
throughput timeout retry error bug crash failure outage incident debug debugger breakpoint
profiler performance optimize optimization refactor code codebase script shell bash cli terminal
command argument parameter feature backlog ticket pullrequest reviewer typescript javascript
python java golang rust ruby php kotlin swift react vue angular svelte nodejs npm yarn pip docker
kubernetes terraform ansible aws azure gcp cloud vpc subnet firewall network bandwidth
loadbalancer scalability autoscaling uptime sla encryption hash vulnerability exploit injection
xss csrf audit compliance privacy gdpr accessibility responsive css html dom ios android iphone
webhook sdk saas oom regression hotfix staging production devops sre observability prometheus
grafana nginx linux windows macos async concurrency refactoring typing frontend ui ux llm
prompt ai ml embedding vector jwt saml sso mfa cicd git github gitlab jenkins postgres postgresql
mysql mariadb sqlite mongodb redis elasticsearch cassandra dynamodb supabase firebase nextjs nuxt
django flask fastapi rails laravel spring express nestjs graphql tailwind webpack vite jest
pytest cypress playwright selenium helm istio lambda serverless s3 ec2 rds kotlin flutter
swiftui xcode gradle maven cargo wasm
`;

const LEXICON = new Set(WORDS.split(/\s+/).flatMap(termsOfWord));

/** Whether an index term is general software vocabulary. */
export function isSoftwareTerm(term: string): boolean {
  return LEXICON.has(term);
}
