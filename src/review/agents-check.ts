/** A light validity check of agent files: YAML front matter with a handle-shaped name. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { parseHandle } from '../core/handles.js';
import { splitFile } from '../store/frontmatter.js';
import type { Finding } from './findings.js';

function agentProblems(path: string, text: string): Finding[] {
  const finding = (message: string, line = 1): Finding => ({
    path,
    line,
    message,
    kind: 'invalid',
    severity: 'error',
  });
  let data: Record<string, unknown>;
  try {
    data = splitFile(text).data;
  } catch (error) {
    if (!(error instanceof FlagstoreError)) throw error;
    return [finding(error.message, Number(error.details.line ?? 1))];
  }
  const problems: Finding[] = [];
  if (typeof data.name !== 'string' || !parseHandle(data.name, 'name').ok) {
    problems.push(finding('agent file needs a name such as backend.api in its front matter', 2));
  }
  if (typeof data.description !== 'string' || data.description.trim() === '') {
    problems.push(finding('agent file needs a description in its front matter', 2));
  }
  return problems;
}

/** Problems of every agent file (`<agents_dir>/*.md`), paths relative to the root. */
export function checkAgentFiles(root: string, dir: string): Finding[] {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
    .sort()
    .flatMap((name) =>
      agentProblems(`${dir}/${name}`, readFileSync(join(root, dir, name), 'utf8')),
    );
}
