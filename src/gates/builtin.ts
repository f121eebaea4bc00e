/** Built-in gates that need no tool, judged on index content: flags, agents, markers, size. */
import { FLAG_FILE_NAME_RULE, isMisnamedFlagFile } from '../core/ids.js';
import { strayFiles } from '../core/stray-files.js';
import { conflictMarkerLines } from '../core/validate.js';
import { globMatcher } from './glob.js';
import type { StagedFlag } from './staged-flags.js';

/** The verdict of one built-in check: failure lines, empty when it passed. */
export type Findings = string[];

/** A staged file with its content read from the index. */
export interface StagedText {
  path: string;
  text: string;
}

const BINARY_PROBE = 8000;

/** True when content looks binary (a NUL byte near the start), as git decides. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, BINARY_PROBE).includes(0);
}

/**
 * Staged flag files (changed in this commit) that do not validate, staged markdown files
 * directly in the flags folder that are not named `<id>.md` (no reader takes them for flags),
 * and flagstore's own files there (temp files, saved hidden edits: see core/stray-files.ts).
 */
export function checkFlags(flags: StagedFlag[], present: string[], flagsDir: string): Findings {
  const changed = new Set(present);
  const invalid = flags
    .filter((f) => changed.has(f.path))
    .flatMap((f) => f.errors.map((message) => `${f.path}: ${message}`));
  const inFolder = present.filter((p) => p.startsWith(`${flagsDir}/`));
  const name = (p: string): string => p.slice(flagsDir.length + 1);
  const misnamed = inFolder
    .filter((p) => isMisnamedFlagFile(name(p)))
    .map((p) => `${p}: ${FLAG_FILE_NAME_RULE}`);
  const strays = strayFiles(inFolder, flagsDir).map((s) => `${s.path}: ${s.message}`);
  return [...invalid, ...misnamed, ...strays];
}

/**
 * Staged agent files that do not load, as every other command reads them (a Claude Code file
 * with an unquoted colon is read line by line and passes): each error with its line.
 */
export async function checkAgents(files: StagedText[]): Promise<Findings> {
  const markdown = files.filter((f) => f.path.endsWith('.md'));
  if (markdown.length === 0) return [];
  const { parseAgentFile } = await import('../catalog/agent-file.js');
  return markdown.flatMap(({ path, text }) =>
    parseAgentFile(text)
      .problems.filter((p) => p.severity === 'error')
      .map((p) => `${path}:${p.line}: ${p.message}`),
  );
}

/** Staged text files that contain merge conflict markers, with the line of the first. */
export function checkMarkers(files: StagedText[]): Findings {
  return files.flatMap(({ path, text }) => {
    const line = conflictMarkerLines(text)[0];
    return line === undefined ? [] : [`${path}:${line}: merge conflict marker`];
  });
}

/** Limit and file pattern of the size check. */
export interface SizeLimit {
  maxLines: number;
  files: string | null;
}

/** Staged text files longer than the limit. */
export function checkSize(files: StagedText[], limit: SizeLimit): Findings {
  const applies = limit.files === null ? () => true : globMatcher(limit.files);
  return files.flatMap(({ path, text }) => {
    if (!applies(path)) return [];
    const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    return lines > limit.maxLines ? [`${path}: ${lines} lines (limit ${limit.maxLines})`] : [];
  });
}
