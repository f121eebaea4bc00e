/**
 * General software vocabulary for agent search: words that show a request is about software
 * even when the catalog at hand never uses them ("give me feedback on this function before I
 * commit it" against a catalog that says "code review"). A word of this list that the catalog
 * does not know weighs nothing in the no-match test, and one it knows weighs more; any other
 * unknown word ("sourdough", "ukulele") weighs as much as a telling one. Words that everyday
 * requests use as often (job, plan, time, file, log, branch, crash, server, app, cloud) are left
 * out on purpose: "which branch of the bank is open on Sunday" is no git task. Pure.
 */
import { termsOfWord } from './text.js';

const WORDS = `
function dependency struct cpu directory config configuration compile compiler bundler lint
linter test commit rebase repository repo diff deploy deployment rollout rollback container pod
cluster microservice endpoint payload json yaml xml csv api rest graphql grpc websocket http
https url dns ssl tls certificate cdn cron scheduler kafka rabbitmq database column query schema
migration transaction deadlock replica replication shard backup sql nosql orm component frontend
backend fullstack mobile website browser login logout signup password oauth permission logging
monitoring tracing latency throughput debug refactor code codebase bash cli backlog pullrequest
reviewer typescript javascript python java golang rust php kotlin react vue angular svelte
nodejs npm yarn pip docker kubernetes terraform ansible aws azure gcp vpc subnet loadbalancer
scalability autoscaling uptime sla encryption vulnerability xss csrf gdpr accessibility css html
dom ios android iphone webhook sdk saas oom regression hotfix devops sre observability
prometheus grafana nginx linux macos async concurrency refactoring ui ux llm ai ml embedding jwt
saml sso mfa cicd git github gitlab jenkins postgres postgresql mysql mariadb sqlite mongodb
redis elasticsearch cassandra dynamodb supabase firebase nextjs nuxt django fastapi laravel
nestjs tailwind webpack vite jest pytest cypress playwright selenium istio serverless s3 ec2 rds
flutter swiftui xcode gradle maven wasm
`;

const LEXICON = new Set(WORDS.split(/\s+/).flatMap(termsOfWord));

/** Whether an index term is general software vocabulary. */
export function isSoftwareTerm(term: string): boolean {
  return LEXICON.has(term);
}
