/** flagstore's library API: the same services the CLI uses, for tools that embed it. */
export { FlagstoreError, EXIT_CODES, type ErrorCode, type Result } from './core/errors.js';
export { FLAG_TYPES, IMPACT_LEVELS, STATUSES } from './core/types.js';
export type { Flag, FlagType, ImpactLevel, Status, JsonValue } from './core/types.js';
export { lockState, type LockState } from './core/lifecycle.js';
export { byPriority, checkSeedRules, type Problem } from './core/rules.js';
export { validateFlag } from './core/validate.js';
export { parseFlagFile, renderFlagFile, applyEdit, type ParsedFlag } from './store/flag-file.js';
export { openWorkspace, resolveIdentity, type Workspace } from './services/workspace.js';
export { noProgress, type Progress } from './core/progress.js';
export {
  createFlag,
  transitionFlag,
  listFlags,
  type CreateInput,
  type ListFilter,
  type TransitionRequest,
  type WriteResult,
} from './services/flags.js';
export { replyToFlag, type ReplyInput, type ReplyResult } from './services/reply.js';
export { validateFiles, type FileReport } from './services/validate.js';
export {
  doctor,
  initRepository,
  uninstallRepository,
  type DoctorReport,
  type InitReport,
} from './services/init.js';
export type { Agent } from './catalog/agent.js';
export type { SearchHit } from './catalog/search.js';
export { listAgents, searchCatalog, showAgent, addAgent } from './services/agents.js';
export { importAgents, type AgentImportReport } from './services/agent-import.js';
export { runQuery } from './sql/query.js';
export { importSqlite, type SqliteImportReport } from './sql/import-sqlite.js';
export { resolveRange, reviewRange, type Review, type ReviewRange } from './review/diff.js';
export { CHANGE_KINDS, type ChangeKind, type FlagChange } from './review/changes.js';
export { reviewMarkdown } from './review/markdown.js';
export { runCheck, type CheckReport } from './review/check.js';
export { flagLog, type FlagHistory, type LogEntry } from './review/log.js';
export { flagLogAllBranches } from './review/log-branches.js';
export { mergeFlagFile } from './sync/merge-driver.js';
export { syncFlags, type SyncOptions, type SyncReport } from './sync/sync.js';
export type { LostLock } from './sync/lost-locks.js';
export { allBranchFlags, type BranchFlag } from './services/branches.js';
export {
  runPreCommit,
  type GateRepo,
  type PreCommitOptions,
  type PreCommitReport,
} from './gates/precommit.js';
export { parseGatesConfig, type GatesConfig, type GateSpec } from './store/gates-config.js';
export { installHooks } from './gates/install.js';
export { setupReport, type SetupReport } from './core/setup.js';
export { recover as restoreHiddenEdits, type RecoveryReport } from './gates/hide-restore.js';
