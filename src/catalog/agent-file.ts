/** Agent files: markdown with YAML front matter (either real shape), parsed without throwing. */
import { readFileSync, statSync } from 'node:fs';
import YAML from 'yaml';
import { FlagstoreError } from '../core/errors.js';
import { lineSplit, withFix } from '../core/line-front-matter.js';
import { conflictMarkerProblems } from '../core/validate.js';
import { keyLines, lfText, splitFile } from '../store/frontmatter.js';
import type { LocatedProblem } from '../store/flag-file.js';
import { realPathOutside } from '../store/inside.js';
import { normaliseAgent, type Agent } from './agent.js';

/** One agent file as read: the agent when usable, its prompt body, and located problems. */
export interface ParsedAgent {
  agent: Agent | null;
  body: string;
  problems: LocatedProblem[];
}

/**
 * Reads and parses an agent file; a symlink out of the repository (or to a folder) is an
 * invalid entry that is never read, so a committed link cannot show a file from anywhere.
 */
export function readAgentFile(path: string, root: string): ParsedAgent {
  const outside = realPathOutside(root, path);
  let message: string;
  if (outside !== undefined) {
    message = `the file is a symlink to ${outside}, outside the repository; it is not read`;
  } else {
    try {
      if (statSync(path).isFile()) return parseAgentFile(readFileSync(path, 'utf8'));
      message = 'not a regular file';
    } catch (error) {
      message = `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
  }
  return {
    agent: null,
    body: '',
    problems: [{ field: 'file', message, severity: 'error', line: 1 }],
  };
}

/** Parses and validates an agent file's text; never throws on bad content. */
export function parseAgentFile(original: string): ParsedAgent {
  const text = lfText(original);
  const parsed = parseText(text);
  const markers = conflictMarkerProblems(text);
  if (markers.length === 0) return parsed;
  return { ...parsed, agent: null, problems: [...markers, ...parsed.problems] };
}

function parseText(text: string): ParsedAgent {
  try {
    const file = splitFile(text);
    const { agent, problems } = normaliseAgent(file.data);
    const lines = problems.length > 0 ? keyLines(file, text) : () => 1;
    return {
      agent,
      body: file.body,
      problems: problems.map((p) => ({ ...p, line: lines(p.field) })),
    };
  } catch (error) {
    if (!(error instanceof FlagstoreError)) throw error;
    const line = Number(error.details.line ?? 1);
    const problem = { field: 'front matter', message: error.message, line, fix: error.fix };
    return (
      lineParsed(text, problem) ?? {
        agent: null,
        body: '',
        problems: [
          { ...problem, message: withFix(problem.message, problem.fix), severity: 'error' },
        ],
      }
    );
  }
}

/**
 * A file whose front matter is not YAML, read line by line as Claude Code reads it (unquoted
 * colons in a description); the YAML error stays as a warning with the fix. Null when that
 * reading fails too, or finds no usable agent.
 */
function lineParsed(
  text: string,
  problem: { field: string; message: string; line: number; fix: string | undefined },
): ParsedAgent | null {
  const split = /^malformed front matter/.test(problem.message) ? lineSplit(text) : null;
  if (split === null) return null;
  const { agent, problems } = normaliseAgent(split.fields);
  if (agent === null) return null;
  const yaml = problem.message.replace(/:$/, '');
  const message = split.bareScenes
    ? withFix(
        `${yaml}; read line by line, its unindented <example> scenes as part of the description (Claude Code cannot parse it: it loads the agent with no description, or not at all)`,
        'write description: | and indent every line of the description and its scenes by two spaces',
      )
    : withFix(`${yaml}; read line by line, as Claude Code does`, problem.fix ?? 'quote the value');
  const warning = {
    field: problem.field,
    line: problem.line,
    message,
    severity: 'warning' as const,
  };
  return {
    agent,
    body: split.body,
    problems: [warning, ...problems.map((p) => ({ ...p, line: 1 }))],
  };
}

/** What a new agent file holds; list fields left empty are not written. */
export interface AgentDraft {
  handle: string;
  description: string;
  fields?: Partial<Record<keyof Agent, string | string[] | null>>;
  body: string;
}

/** Renders a new agent file: `name` without `@` (as Claude Code expects), then the other fields. */
export function renderAgentFile(draft: AgentDraft): string {
  const data: Record<string, unknown> = {
    name: draft.handle.replace(/^@/, ''),
    description: draft.description,
  };
  for (const [key, value] of Object.entries(draft.fields ?? {})) {
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty && key !== 'handle' && key !== 'description') data[key] = value;
  }
  const front = new YAML.Document(data).toString({ lineWidth: 0 });
  const body = draft.body.trim();
  return `---\n${front}---\n\n${body}${body === '' ? '' : '\n'}`;
}
