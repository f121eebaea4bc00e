/** The critical-flag block and the related-files notice: pure decisions over staged flags. */
import { isFlagFilePath } from '../core/ids.js';
import { byPriority } from '../core/rules.js';
import { criticalConcerns, type CriticalScope } from '../store/gates-config.js';
import { globMatcher, staticPrefix } from './glob.js';
import type { FlagSummary } from './staged-flags.js';

/** Inputs of the block decision. */
export interface BlockInput {
  pending: FlagSummary[];
  /** Paths staged in this commit. */
  staged: string[];
  /** Repository-relative flags folder. */
  flagsDir: string;
  /** The committer's agent identity, when known. */
  agent: string | null;
  scope: CriticalScope;
}

/** The decision: flags that block, and why the block does not apply when it does not. */
export interface BlockDecision {
  blocking: FlagSummary[];
  /** Set when the block was not applied (flags-only commit, scope off). */
  exempt: string | null;
}

/** Which unresolved (pending, locked or not) critical flags block this commit. */
export function decideBlock(input: BlockInput): BlockDecision {
  if (input.scope === 'off') return { blocking: [], exempt: 'the block is off (gates.critical)' };
  if (input.staged.length > 0 && input.staged.every((p) => isFlagFilePath(p, input.flagsDir))) {
    return { blocking: [], exempt: 'the commit changes only flag files' };
  }
  return { blocking: blockingFlags(input.pending, input.agent, input.scope), exempt: null };
}

/** The unresolved critical flags among `pending` that concern the committer. */
export function blockingFlags(
  pending: FlagSummary[],
  agent: string | null,
  scope: CriticalScope,
): FlagSummary[] {
  return pending.filter((f) => f.impact_level === 'critical' && criticalConcerns(f, agent, scope));
}

/** A related_files entry without its `./` prefix and `:line` suffix. */
export function cleanRelated(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/:\d+(-\d+)?$/, '');
}

/** Whether a related_files entry (a path, a folder, or a glob; `:line` suffixes ignored) matches. */
export function relatedMatches(pattern: string, path: string): boolean {
  const clean = cleanRelated(pattern);
  if (path === clean || path.startsWith(`${clean.replace(/\/+$/, '')}/`)) return true;
  return path.startsWith(staticPrefix(clean)) && globMatcher(clean)(path);
}

/**
 * Pending flags whose related_files match a staged path, with the paths they matched, most urgent
 * first (impact, then age: the seed's priority), so the few a commit prints are the ones that matter.
 */
export function relatedNotices(
  pending: FlagSummary[],
  staged: string[],
): { flag: FlagSummary; paths: string[] }[] {
  const notices = pending.flatMap((flag) => {
    const paths = staged.filter((path) => flag.related_files.some((p) => relatedMatches(p, path)));
    return paths.length > 0 ? [{ flag, paths }] : [];
  });
  return notices.sort((a, b) => byPriority(a.flag, b.flag));
}
