/**
 * Which agent files of the catalog do not load, without indexing the catalog for search: the
 * session brief needs only that, and indexing is most of what reading the catalog costs
 * (about 2 s for 60 real agent files against 30 ms to read and check them). Checks are cached
 * by file identity in their own small file.
 */
import { readAgentFile } from './agent-file.js';
import { cachedAgentFiles, duplicateHandles, type CatalogLocation } from './catalog-files.js';

const CACHE_VERSION = 1;

/** One agent file, checked: its handle when it loads, else its first error. */
interface Check {
  handle: string | null;
  error: string | null;
}

/** An agent file that did not load, with its first error. */
export interface CatalogFailure {
  file: string;
  reason: string;
}

function check(path: string, root: string): Check {
  const parsed = readAgentFile(path, root);
  const error = parsed.problems.find((p) => p.severity === 'error');
  return { handle: parsed.agent?.handle ?? null, error: error?.message ?? null };
}

/** Every agent file of the catalog, checked (cached by file identity), each file once. */
async function checkedFiles(location: CatalogLocation): Promise<Map<string, Check>> {
  const files = await cachedAgentFiles(
    { ...location, progress: undefined },
    {
      name: 'cache-agent-checks.json',
      version: CACHE_VERSION,
      compute: (path) => check(path, location.root),
    },
  );
  // A file listed twice (a folder named twice) is checked and reported once.
  return new Map(files.map(({ file, entry }) => [file, entry]));
}

/** Agent files that do not load (invalid, or a duplicate handle), in catalog order. */
export async function catalogFailures(location: CatalogLocation): Promise<CatalogFailure[]> {
  const checks = await checkedFiles(location);
  const entries = [...checks].map(([file, c]) => ({
    file,
    agent: c.handle === null ? null : { handle: c.handle },
  }));
  const duplicates = duplicateHandles(entries);
  return [...checks].flatMap(([file, c]) => {
    const reason = c.error ?? duplicates.get(file)?.message;
    return reason === undefined ? [] : [{ file, reason }];
  });
}

/** The handles of the catalog's agent files that load, from the same checks. */
export async function catalogHandles(location: CatalogLocation): Promise<string[]> {
  const checks = await checkedFiles(location);
  return [...checks.values()].flatMap((c) =>
    c.handle === null || c.error !== null ? [] : [c.handle],
  );
}
