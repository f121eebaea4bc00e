/** Agent files as `check` sees them: the catalog's own validation, as CI findings. */
import { existsSync } from 'node:fs';
import { catalogDirs } from '../services/handle-check.js';
import { validateFiles } from '../services/validate.js';
import type { Workspace } from '../services/workspace.js';
import type { Finding } from './findings.js';

/** Problems of every agent file in the catalog folder, paths relative to the root. */
export function checkAgentFiles(ws: Workspace): Finding[] {
  const dirs = catalogDirs(ws).filter((dir) => existsSync(dir));
  if (dirs.length === 0) return [];
  return validateFiles(ws, ws.root, dirs).flatMap((report) =>
    report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => ({
        path: report.path,
        line: p.line,
        message: p.message,
        kind: 'invalid' as const,
        severity: 'error' as const,
      })),
  );
}
