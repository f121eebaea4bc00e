/** Domain services for the agent catalog: list, show, add, search, and the flag-target check. */
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { agentFileName, agentHandle, type Agent } from '../catalog/agent.js';
import {
  parseAgentFile,
  readAgentFile,
  renderAgentFile,
  type AgentDraft,
} from '../catalog/agent-file.js';
import { readCatalog, type CatalogEntry } from '../catalog/catalog-store.js';
import { searchAgents, type SearchDoc, type SearchHit } from '../catalog/search.js';
import { closestHandles } from '../catalog/suggest.js';
import { createAtomic } from '../store/atomic.js';
import type { Workspace } from './workspace.js';

/** Absolute path of the workspace's agents folder. */
export function agentsDir(ws: Workspace): string {
  return join(ws.root, ws.config.agents_dir);
}

/** Every agent file of the catalog, parsed (invalid ones included, with their problems). */
export function catalogEntries(ws: Workspace): Promise<CatalogEntry[]> {
  return readCatalog({
    dir: agentsDir(ws),
    stateDir: join(ws.gitDir, 'flagstore'),
    root: ws.root,
    progress: ws.progress,
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

function unknownAgent(handle: string, known: string[], what = 'agent'): FlagstoreError {
  const near = closestHandles(handle, known);
  const hint = near.length > 0 ? `; closest: ${near.join(', ')}` : '';
  const fix = near.length > 0 ? `use ${near[0]}` : 'flagstore agents list';
  return new FlagstoreError('not_found', `${what} ${handle} is not in the agent catalog${hint}`, {
    fix: what === 'agent' ? fix : `${fix}, or pass --force to create the flag anyway`,
    details: { agent: handle, suggestions: near },
  });
}

function requireHandle(raw: string): string {
  const handle = agentHandle(raw);
  if (handle !== null) return handle;
  throw new FlagstoreError('invalid', `"${raw}" is not a handle like @domain.module`, {
    details: { value: raw },
  });
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
  const path = join(agentsDir(ws), doc.file);
  return { agent: doc.agent, body: readAgentFile(path, ws.root).body, path };
}

/**
 * Refuses a flag target that is not in the catalog, naming the closest handles; an empty
 * catalog, or `force`, lets any target through.
 */
export async function checkTarget(ws: Workspace, handle: string, force: boolean): Promise<void> {
  if (force) return;
  const known = (await searchDocs(ws)).map((d) => d.agent.handle);
  if (known.length === 0 || known.includes(handle)) return;
  throw unknownAgent(handle, known, 'target');
}

/** Writes a new agent file; refuses an invalid draft or a handle already in the catalog. */
export async function addAgent(ws: Workspace, draft: AgentDraft): Promise<string> {
  const handle = requireHandle(draft.handle);
  const text = renderAgentFile({ ...draft, handle });
  const check = parseAgentFile(text);
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (check.agent === null) {
    throw new FlagstoreError('invalid', errors.map((p) => p.message).join('; '));
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
  await createAtomic(path, text);
  return path;
}
