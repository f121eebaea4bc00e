/** Findings of `flagstore check`: one located problem each, with what kind of rule it breaks. */
import { sanitize } from '../core/sanitize.js';

/** A problem `check` found, at a file and line. */
export interface Finding {
  path: string;
  line: number;
  message: string;
  kind: 'invalid' | 'illegal' | 'critical';
  severity: 'error' | 'warning';
}

/**
 * Escapes a command's data as the runner reads it back; the old `##[` form is broken up too,
 * and control and bidi characters (core/sanitize.ts) never reach the log.
 */
function escapeData(text: string): string {
  return sanitize(text)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/##\[/g, '## [');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A GitHub Actions workflow command that annotates the file and line of a finding. */
export function annotation(finding: Finding): string {
  const level = finding.severity === 'error' ? 'error' : 'warning';
  const props = `file=${escapeProperty(finding.path)},line=${finding.line}`;
  return `::${level} ${props}::${escapeData(finding.message)}`;
}
