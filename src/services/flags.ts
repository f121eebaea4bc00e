/** Domain services for flags: create, transition, list and show. The CLI holds no rules. */
import { FlagstoreError, unwrap, type Result } from '../core/errors.js';
import { parseHandle } from '../core/handles.js';
import { missingIdentity } from '../core/identity.js';
import { normaliseFields, normaliseLineEnds } from '../core/line-ends.js';
import { completeFlag, unlockFlag, type Actor } from '../core/lifecycle.js';
import { messageId } from '../core/ids.js';
import { byPriority } from '../core/rules.js';
import { textProblem, unsafeTextFix } from '../core/text-rules.js';
import type { BodyField, Flag, FlagEdit, FlagType, ImpactLevel, Status } from '../core/types.js';
import { splitList, validateFlag } from '../core/validate.js';
import { commitPaths } from '../git/commit.js';
import type { StoredFlag, Transition } from '../store/flag-store.js';
import { misnamedFlagFiles, newFlagId } from '../store/ids.js';
import { lockWithSession, recordLockSession } from './lock-sessions.js';
import { checkWritePlace } from './sparse.js';
import type { LostLock } from '../sync/lost-locks.js';
import { idForWrite, publisherFor, type SyncedPublisher } from './synced-write.js';
import type { Workspace } from './workspace.js';

/** What a caller supplies to create a flag (the seed's field names, raw strings). */
export interface CreateInput {
  flag_type: string;
  source_agent?: string | null | undefined;
  target_agent?: string | null | undefined;
  change_description: string;
  action_required: string;
  impact_level?: string | undefined;
  related_files?: string | string[] | undefined;
  chain_origin_id?: string | null | undefined;
  code_location?: string | null | undefined;
  example_usage?: string | null | undefined;
  /** JSON text, or an already parsed JSON value. */
  context?: unknown;
}

/** Who writes, when, whether to commit the written file, and whether to sync the ledger. */
export interface WriteOptions {
  agent: string | null;
  now?: Date;
  commit?: boolean;
  /** Decide against the remote's ledger and push it (the write lands only if the push does). */
  sync?: boolean;
  /** The remote for `sync` (default: the branch's remote, else origin). */
  remote?: string | undefined;
}

/** A written flag, with the commit that recorded it when `commit` was asked for. */
export interface WriteResult {
  flag: Flag;
  path: string;
  commit: string | null;
  /** Things worth telling the writer (a target that is not in the catalog). */
  warnings?: string[];
  /** A synced write only: local locks never published that its catch-up gave to others. */
  lost_locks?: LostLock[];
}

/** The lost locks of a write, for its result: only a synced write has the field. */
function lostLocks(synced: SyncedPublisher | undefined): { lost_locks?: LostLock[] } {
  return synced === undefined ? {} : { lost_locks: synced.lost };
}

function optionalHandle(raw: string | null | undefined, field: string): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  return unwrap(parseHandle(raw, field));
}

function parseContext(raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new FlagstoreError('invalid', `context is not valid JSON: ${(error as Error).message}`, {
      fix: `pass a JSON object, for example --context '{"ticket": 42}'`,
      details: { field: 'context' },
    });
  }
}

function blankToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}

function sourceAgent(input: CreateInput, options: WriteOptions): string {
  const source = input.source_agent ?? options.agent;
  if (source) return unwrap(parseHandle(source, 'source_agent'));
  throw missingIdentity('a flag needs a source agent and no identity is known');
}

function frontMatter(
  ws: Workspace,
  input: CreateInput,
  options: WriteOptions,
): Record<string, unknown> {
  const now = options.now ?? new Date();
  const chain = blankToNull(input.chain_origin_id);
  return {
    id: newFlagId(now),
    flag_type: input.flag_type.trim(),
    source_agent: sourceAgent(input, options),
    target_agent: optionalHandle(input.target_agent, 'target_agent'),
    impact_level: input.impact_level?.trim() ?? 'medium',
    status: 'pending',
    locked: false,
    related_files:
      typeof input.related_files === 'string'
        ? splitList(input.related_files)
        : (input.related_files ?? []),
    code_location: blankToNull(input.code_location),
    chain_origin_id: chain === null ? null : ws.flags.resolve(chain),
    context: parseContext(input.context),
    created_at: now.toISOString(),
  };
}

/** The body texts, with LF line ends (a one-line value keeps a CR: its refusal shows `\r`). */
function bodyTexts(input: CreateInput): Partial<Record<BodyField, string>> {
  const example = blankToNull(input.example_usage);
  return normaliseFields({
    change_description: (input.change_description ?? '').trim(),
    action_required: (input.action_required ?? '').trim(),
    ...(example === null ? {} : { example_usage: example }),
  });
}

/** Builds and validates a new flag from raw input; every problem is reported at once. */
export function buildFlag(ws: Workspace, raw: CreateInput, options: WriteOptions): Flag {
  const front = frontMatter(ws, raw, options);
  const { flag, problems } = validateFlag(front, bodyTexts(raw), { strictText: true });
  if (flag === null) throw invalidInput(problems);
  return flag;
}

function invalidInput(
  problems: { field: string; message: string; severity: string }[],
): FlagstoreError {
  const errors = problems.filter((p) => p.severity === 'error');
  const fix = unsafeTextFix(errors);
  return new FlagstoreError('invalid', errors.map((p) => p.message).join('; '), {
    ...(fix === undefined ? {} : { fix }),
    details: { problems: errors.map(({ field, message }) => ({ field, message })) },
  });
}

/** Options of a creation: `force` accepts a target that is not in the agent catalog. */
export interface CreateOptions extends WriteOptions {
  force?: boolean;
}

/** Creates a flag file (and commits it when asked); the target must be in the catalog. */
export async function createFlag(
  ws: Workspace,
  input: CreateInput,
  options: CreateOptions,
): Promise<WriteResult> {
  const flag = buildFlag(ws, input, options);
  await checkWritePlace(ws, { commit: options.commit ?? false, creates: true });
  const warnings =
    flag.target_agent === null
      ? []
      : await (
          await import('./agents.js')
        ).checkTarget(ws, flag.target_agent, options.force ?? false);
  const synced = await publisherFor(ws, options);
  const path = await ws.flags.create(flag, synced?.publisher);
  const message = `flag ${messageId(flag.id)}: create ${describeFlag(flag)}`;
  const commit = options.commit
    ? await commitPaths({ root: ws.root, paths: [path], message })
    : null;
  return { flag, path, commit, warnings, ...lostLocks(synced) };
}

/** One-line description of a flag for commit messages. */
export function describeFlag(flag: Flag): string {
  return `${flag.impact_level} ${flag.flag_type} ${flag.source_agent} -> ${flag.target_agent ?? '(anyone)'}`;
}

/** The lifecycle transitions a caller can ask for. */
export type TransitionKind = 'lock' | 'unlock' | 'complete';

/** A request to move a flag through its lifecycle. */
export interface TransitionRequest extends WriteOptions {
  id: string;
  kind: TransitionKind;
  force?: boolean;
  ttlMs?: number;
  notes?: string;
  /** The caller's session, recorded with a lock (see lock-sessions.ts). */
  session?: string | null;
}

function decider(
  ws: Workspace,
  request: TransitionRequest,
  actor: Actor,
): (flag: Flag) => Result<FlagEdit> {
  if (request.kind === 'lock')
    return (flag) =>
      lockWithSession(ws, flag, { actor, ttlMs: request.ttlMs, session: request.session });
  if (request.kind === 'unlock') return (flag) => unlockFlag(flag, actor);
  const notes = request.notes === undefined ? undefined : safeNotes(request.notes);
  return (flag) => completeFlag(flag, actor, notes);
}

/** Completion notes with LF line ends; a control character in them is refused (text-rules.ts). */
function safeNotes(raw: string): string {
  const notes = normaliseLineEnds(raw);
  const problem = textProblem('notes', notes, { severity: 'error' });
  if (problem !== null) throw invalidInput([problem]);
  return notes;
}

/** Applies a transition safely under concurrency, and commits it when asked. */
export async function transitionFlag(
  ws: Workspace,
  request: TransitionRequest,
): Promise<Transition & Pick<WriteResult, 'commit' | 'lost_locks'>> {
  const actor: Actor = {
    agent: request.agent,
    now: request.now ?? new Date(),
    force: request.force ?? false,
  };
  const by = request.agent ?? 'an unnamed agent';
  const subject = (flag: Flag): string =>
    `flag ${messageId(flag.id)}: ${request.kind} by ${by} (${describeFlag(flag)})`;
  await checkWritePlace(ws, { commit: request.commit ?? false, creates: false });
  const synced = await publisherFor(ws, request);
  const publisher = synced?.publisher;
  const id = await idForWrite(ws, request.id, publisher);
  const result = await ws.flags.update(id, decider(ws, request, actor), {
    agent: request.agent,
    action: request.kind,
    subject,
    publisher,
    addFile: request.commit ?? false,
  });
  if (request.kind === 'lock') {
    recordLockSession(ws, result.after, request.session ?? null);
  }
  const message = subject(result.after);
  const commit = request.commit
    ? await commitPaths({ root: ws.root, paths: [result.path], message })
    : null;
  return { ...result, commit, ...lostLocks(synced) };
}

/** Which flags a listing shows. */
export interface ListFilter {
  target?: string | undefined;
  status?: Status | 'all' | undefined;
  impact?: ImpactLevel[] | undefined;
  type?: FlagType[] | undefined;
  source?: string | undefined;
}

/** A predicate for the flags a filter keeps; handles in the filter are checked first. */
export function flagMatcher(filter: ListFilter): (flag: Flag) => boolean {
  const status = filter.status ?? 'pending';
  const target =
    filter.target === undefined ? undefined : unwrap(parseHandle(filter.target, 'target'));
  const source =
    filter.source === undefined ? undefined : unwrap(parseHandle(filter.source, 'source'));
  return (f) =>
    (status === 'all' || f.status === status) &&
    (target === undefined || f.target_agent === target) &&
    (source === undefined || f.source_agent === source) &&
    (filter.impact === undefined || filter.impact.includes(f.impact_level)) &&
    (filter.type === undefined || filter.type.includes(f.flag_type));
}

/** A listing: the flags shown, the invalid files, and every flag id known (for short ids). */
export interface FlagListing {
  flags: Flag[];
  invalid: StoredFlag[];
  ids: string[];
  /** Ids of invalid work-tree files whose ledger copy is valid (and read in their place). */
  ledgerCopies: Set<string>;
  /** Repository-relative paths of markdown files in the flags folder not named `<id>.md`. */
  misnamed: string[];
}

/** Valid flags passing the filter, by priority; invalid and misnamed files apart; all ids. */
export async function listFlags(ws: Workspace, filter: ListFilter): Promise<FlagListing> {
  const matches = flagMatcher(filter);
  const target =
    filter.target === undefined ? undefined : unwrap(parseHandle(filter.target, 'target'));
  const { stored: all, ids } = await ws.flags.readListing({ target, progress: ws.progress });
  const flags = all
    .flatMap((s) => (s.flag === null ? [] : [s.flag]))
    .filter(matches)
    .sort(byPriority);
  const invalid = all.filter((s) => s.flag === null);
  const valid = new Set(all.flatMap((s) => (s.flag === null ? [] : [s.id])));
  const ledgerCopies = new Set(invalid.flatMap((s) => (valid.has(s.id) ? [s.id] : [])));
  const misnamed = misnamedFlagFiles(ws.flagsDir).map((n) => `${ws.config.flags_dir}/${n}`);
  return { flags, invalid, ids, ledgerCopies, misnamed };
}
