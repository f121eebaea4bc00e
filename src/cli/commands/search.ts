/** `flagstore search` and the seed's `search-agents`: find the right agent for a task. */
import type { Command } from 'commander';
import { FlagstoreError } from '../../core/errors.js';
import { failureNotice, loadFailures, searchCatalog } from '../../services/agents.js';
import type { SearchHit } from '../../catalog/search.js';
import type { LoadFailure } from '../../services/agents.js';
import { action, workspace, type Ctx } from '../context.js';
import { printJson, printNative, sanitize, say, warn } from '../output.js';
import { hitsJson, SEARCH_LIMIT } from '../../catalog/search.js';
import { hitTable } from '../present-agents.js';

function limitOf(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n > 0) return n;
  throw new FlagstoreError(
    'usage',
    `the number of results must be a positive integer (got "${raw}")`,
  );
}

interface Found {
  hits: SearchHit[];
  notLoaded: LoadFailure[];
}

async function hitsFor(ctx: Ctx, query: string, n: string | undefined): Promise<Found> {
  const ws = await workspace(ctx);
  const hits = await searchCatalog(ws, query, limitOf(n, SEARCH_LIMIT));
  const notLoaded = await loadFailures(ws);
  const notice = failureNotice(notLoaded);
  if (notice !== null && !ctx.json) warn(sanitize(notice));
  return { hits, notLoaded };
}

function searchCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .argument('<query>', 'what the task is about')
    .argument('[n]', 'how many results (default 5)');
}

/** Registers `search` and `search-agents`. */
export function registerSearch(program: Command): void {
  searchCommand(
    program,
    'search',
    'find the agents that fit a task description, best first',
  ).action(
    action('native', async (ctx, query: string, n: string | undefined) => {
      const { hits, notLoaded } = await hitsFor(ctx, query, n);
      if (ctx.json) {
        printNative({ query, results: hitsJson(hits), not_loaded: notLoaded });
      } else if (hits.length === 0) say('no agent fits this task');
      else hitTable(hits).forEach((line) => say(line));
    }),
  );
  searchCommand(
    program,
    'search-agents',
    "seed-compatible: search agents (the seed's JSON shape)",
  ).action(
    action('seed', async (ctx, query: string, n: string | undefined) => {
      const { hits, notLoaded } = await hitsFor(ctx, query, n);
      printJson({
        query,
        total_matches: hits.length,
        ...(notLoaded.length > 0 ? { not_loaded: notLoaded } : {}),
        results: hits.map((h, i) => ({
          name: h.handle,
          type: h.agent.type,
          module: h.agent.module,
          sub_module: h.agent.sub_module,
          role: h.agent.role.length > 0 ? JSON.stringify(h.agent.role) : h.agent.description,
          score: h.score,
          confidence: h.confidence,
          rank: i + 1,
          reasons: h.reasons,
        })),
      });
    }),
  );
}
