/** Domain services for the agent catalog: list, show, add, search, and the flag-target check. */
import { existsSync, promises as fs } from 'node:fs';
import { join, posix } from 'node:path';
import { FlagstoreError, unwrap } from '../core/errors.js';
import { parseHandle } from '../core/handles.js';
import { agentFileName, agentHandle, type Agent } from '../catalog/agent.js';
import {
  parseAgentFile,
  readAgentFile,
  renderAgentFile,
  type AgentDraft,
} from '../catalog/agent-file.js';
import { catalogFailures, catalogHandles } from '../catalog/catalog-checks.js';
import { duplicateHandles } from '../catalog/catalog-files.js';
import { readCatalog, type CatalogEntry } from '../catalog/catalog-store.js';
import { searchAgents, type SearchDoc, type SearchHit } from '../catalog/search.js';
import { closestHandles } from '../catalog/suggest.js';
import { normaliseFields, normaliseLineEnds } from '../core/line-ends.js';
import { unsafeTextFix } from '../core/text-rules.js';
import { editDistance } from '../core/validate.js';
import { createAtomic } from '../store/atomic.js';
import { catalogLocation, closestHint, missingHandle, refuseReshapedName } from './handle-check.js';
import type { Workspace } from './workspace.js';
import type { Status } from '../core/types.js';

/** Absolute path of the folder new agent files go to (the first catalog folder). */
export function agentsDir(ws: Workspace): string {
  return join(ws.root, ws.config.agents_dir);
}

/** The catalog read once per workspace (one command, or one MCP call); a write forgets it. */
const readOnce = new WeakMap<Workspace, Promise<CatalogEntry[]>>();

/** Forgets the catalog read for a workspace, after writing agent files. */
export function forgetCatalog(ws: Workspace): void {
  readOnce.delete(ws);
}

/** Every agent file of the catalog, parsed (invalid ones included, with their problems). */
export function catalogEntries(ws: Workspace): Promise<CatalogEntry[]> {
  let entries = readOnce.get(ws);
  if (entries === undefined) {
    entries = readCatalog({ ...catalogLocation(ws), progress: ws.progress });
    readOnce.set(ws, entries);
  }
  return entries;
}

/** An agent file that did not load, with its first error. */
export interface LoadFailure {
  file: string;
  reason: string;
}

/**
 * Agent files of the catalog that did not load (invalid, or a duplicate handle). Unless this
 * workspace has read the whole catalog already, they are found without indexing it for search.
 */
export async function loadFailures(ws: Workspace): Promise<LoadFailure[]> {
  const read = readOnce.get(ws);
  if (read === undefined) {
    return catalogFailures(catalogLocation(ws));
  }
  const entries = await read;
  const duplicates = duplicateHandles(entries);
  return entries.flatMap((e) => {
    const error = e.problems.find((p) => p.severity === 'error') ?? duplicates.get(e.file);
    return error === undefined ? [] : [{ file: e.file, reason: error.message }];
  });
}

/** Valid catalog entries with their index; when two files claim one handle, the first wins. */
export async function searchDocs(ws: Workspace): Promise<(SearchDoc & { file: string })[]> {
  const seen = new Set<string>();
  return (await catalogEntries(ws)).flatMap((e) => {
    if (e.agent === null || e.terms === null || seen.has(e.agent.handle)) return [];
    seen.add(e.agent.handle);
    return [{ agent: e.agent, terms: e.terms, file: e.file }];
  });
}

/** The valid agents of the catalog, by handle. */
export async function listAgents(ws: Workspace): Promise<(Agent & { file: string })[]> {
  const docs = await searchDocs(ws);
  return docs
    .map((d) => ({ ...d.agent, file: d.file }))
    .sort((a, b) => a.handle.localeCompare(b.handle));
}

/** Ranks the catalog's agents for a task description. */
export async function searchCatalog(
  ws: Workspace,
  query: string,
  limit: number,
): Promise<SearchHit[]> {
  if (query.trim() === '') {
    throw new FlagstoreError('usage', 'the search query is empty', {
      fix: 'flagstore search "what the task is about"',
    });
  }
  return searchAgents(await searchDocs(ws), query, limit);
}

function unknownAgent(handle: string, known: string[]): FlagstoreError {
  const near = closestHandles(handle, known);
  const hint = closestHint(near);
  return new FlagstoreError('not_found', `agent ${handle} is not in the agent catalog${hint}`, {
    fix: near.length > 0 ? `use ${near[0]}` : 'flagstore agents list',
    details: { agent: handle, suggestions: near },
  });
}

function requireHandle(raw: string): string {
  const handle = agentHandle(raw);
  if (handle !== null) return handle;
  throw new FlagstoreError(
    'invalid',
    `${JSON.stringify(raw)} is not a handle like @code-reviewer or @domain.module`,
    {
      details: { value: raw },
    },
  );
}

/** One agent with its prompt body and file path. */
export async function showAgent(
  ws: Workspace,
  raw: string,
): Promise<{ agent: Agent; body: string; path: string }> {
  const handle = requireHandle(raw);
  const docs = await searchDocs(ws);
  const doc = docs.find((d) => d.agent.handle === handle);
  if (doc === undefined)
    throw unknownAgent(
      handle,
      docs.map((d) => d.agent.handle),
    );
  const path = join(ws.root, doc.file);
  return { agent: doc.agent, body: readAgentFile(path, ws.root).body, path };
}

/** Largest edit distance at which an unknown target is taken for a typo of a catalog handle. */
export const TYPO_DISTANCE = 2;

function nearestTypo(handle: string, known: string[]): string | undefined {
  return known
    .map((k) => ({ k, d: editDistance(handle, k) }))
    .filter((c) => c.d <= TYPO_DISTANCE)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))[0]?.k;
}

function suggestions(handle: string, docs: SearchDoc[]): string[] {
  const near = closestHandles(
    handle,
    docs.map((d) => d.agent.handle),
  );
  const words = handle.slice(1).replace(/[.\-_]+/g, ' ');
  const found = searchAgents(docs, words, 3).map((h) => h.handle);
  return [...new Set([...near, ...found])].slice(0, 3);
}

/**
 * Checks a flag target against the catalog. A handle within {@link TYPO_DISTANCE} edits of a
 * catalog handle is taken for a typo and refused ("did you mean"), unless `force`; any other
 * unknown handle is accepted with a warning naming the closest catalog handles (the seed's
 * prompts name agents a catalog may lack). An empty catalog accepts any target silently.
 */
export async function checkTarget(
  ws: Workspace,
  handle: string,
  force: boolean,
): Promise<string[]> {
  const docs = await searchDocs(ws);
  const known = docs.map((d) => d.agent.handle);
  if (known.length === 0 || known.includes(handle)) return [];
  const typo = nearestTypo(handle, known);
  if (typo !== undefined && !force) {
    throw new FlagstoreError(
      'not_found',
      `target ${handle} is not in the agent catalog; did you mean ${typo}?`,
      {
        fix: `use ${typo}, or pass --force to create the flag for ${handle} anyway`,
        details: { agent: handle, suggestions: [typo] },
      },
    );
  }
  const failures = await loadFailures(ws);
  const notice = failureNotice(failures);
  const hint = closestHint(suggestions(handle, docs));
  return [`target ${handle} is not in the agent catalog${hint}`, ...(notice ? [notice] : [])];
}

/**
 * A warning for a handle a read was given (get-agent-flags, list --for, brief --agent) that the
 * catalog lacks, naming the closest catalog handles as create does for a target; null when the
 * catalog knows the handle or is empty (a store without a catalog names agents freely).
 * `status` names the flags the read looked at (`no flag is for ...` for all of them).
 */
export async function readerWarning(
  ws: Workspace,
  handle: string,
  status: Status | 'all' = 'pending',
): Promise<string | null> {
  const read = readOnce.get(ws);
  // Without the catalog read already, its files are checked without indexing them for search.
  const known =
    read === undefined
      ? await catalogHandles(catalogLocation(ws))
      : (await read).flatMap((e) => (e.agent === null ? [] : [e.agent.handle]));
  const near = missingHandle(handle, known);
  if (near === null) return null;
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
  const flags = status === 'all' ? 'flag' : `${status} flag`;
  return `no ${flags} is for ${handle}, which is not in the agent catalog${hint}`;
}

/**
 * The warning an answer that found nothing for `handle` gets ({@link readerWarning}); null when
 * something was found, no handle was given, or the catalog cannot be read: a hint never fails
 * the read it decorates.
 */
export async function emptyReadWarning(
  ws: Workspace,
  handle: string | null | undefined,
  found: number,
  status: Status | 'all' = 'pending',
): Promise<string | null> {
  if (handle === null || handle === undefined || found > 0) return null;
  try {
    return await readerWarning(ws, unwrap(parseHandle(handle, 'agent')), status);
  } catch {
    return null;
  }
}

/** One line naming the agent files that did not load and the command that shows why, or null. */
export function failureNotice(failures: LoadFailure[]): string | null {
  if (failures.length === 0) return null;
  const shown = failures.slice(0, 5).map((f) => f.file);
  const more = failures.length > shown.length ? `, and ${failures.length - shown.length} more` : '';
  const files = failures.length === 1 ? 'agent file did' : 'agent files did';
  const dirs = [...new Set(failures.map((f) => posix.dirname(f.file)))];
  return `${failures.length} ${files} not load: ${shown.join(', ')}${more} (see why: flagstore validate ${dirs.join(' ')})`;
}

/**
 * Writes a new agent file; refuses an invalid draft or a handle already in the catalog. CR LF
 * text (pasted on Windows) is stored with LF line ends, as `create` stores a flag's.
 */
export async function addAgent(ws: Workspace, draft: AgentDraft): Promise<string> {
  const handle = requireHandle(draft.handle);
  refuseReshapedName(draft.handle, handle);
  const text = renderAgentFile({
    handle,
    description: normaliseLineEnds(draft.description),
    body: normaliseLineEnds(draft.body),
    ...(draft.fields !== undefined && { fields: normaliseFields(draft.fields) }),
  });
  const check = parseAgentFile(text);
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (check.agent === null) {
    throw new FlagstoreError('invalid', errors.map((p) => p.message).join('; '));
  }
  const unsafe = check.problems.filter((p) => unsafeTextFix([p]) !== undefined);
  if (unsafe.length > 0) {
    throw new FlagstoreError('invalid', unsafe.map((p) => p.message).join('; '), {
      fix: unsafeTextFix(unsafe),
    });
  }
  const docs = await searchDocs(ws);
  const path = join(agentsDir(ws), agentFileName(handle));
  const clash = docs.find((d) => d.agent.handle === handle);
  if (clash !== undefined || existsSync(path)) {
    throw new FlagstoreError('conflict', `agent ${handle} is already in the catalog`, {
      fix: `flagstore agents show ${handle}`,
    });
  }
  await fs.mkdir(agentsDir(ws), { recursive: true });
  createAtomic(path, text);
  forgetCatalog(ws);
  return path;
}
