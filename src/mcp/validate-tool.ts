/**
 * The `validate` tool: checks flag and agent files and, with `fix`, first gives flag files
 * written by hand their id, created_at and `<id>.md` name, through the service the CLI's
 * `validate --fix` uses (services/adopt.ts).
 */
import { z } from 'zod';
import { FlagstoreError } from '../core/errors.js';
import { sanitize } from '../core/sanitize.js';
import { validateAndFix } from '../services/adopt.js';
import { userPath, type Workspace } from '../services/workspace.js';
import { realPathOutside } from '../store/inside.js';
import { ADDITIVE, workspaceOf, type ToolDefinition } from './context.js';
import { validateShape } from './schemas.js';

/** How the services' problem messages name `validate --fix`, and the tool call that does it. */
const CLI_FIX = 'flagstore validate --fix';
const TOOL_FIX = 'call validate {"fix":true}';

/**
 * Refuses a path outside the repository, by its name or through a symlink: an agent on MCP
 * validates the repository's files, and a report on a file elsewhere (its front-matter values)
 * would show text the tool is not for.
 */
function insideRepository(ws: Workspace, path: string, fix: boolean): void {
  if (realPathOutside(ws.root, userPath(ws.root, path)) === undefined) return;
  const call = fix ? TOOL_FIX : 'call validate {}';
  throw new FlagstoreError('usage', `${path} is outside the repository`, {
    fix: `pass paths inside the repository (relative to ${ws.root}), or ${call}`,
    details: { path },
  });
}

const message = (text: string): string => sanitize(text.split(CLI_FIX).join(TOOL_FIX));

/** The `validate` tool. */
export const VALIDATE_TOOL: ToolDefinition = {
  name: 'validate',
  title: 'Validate flag and agent files',
  description:
    'Checks flag and agent files against the schema; lists the files with problems, with line numbers. With fix: true, flag files written by hand in the flags folder first get their id, created_at and <id>.md name (listed in fixed; the rest of each file is kept); without it nothing is written.',
  input: {
    paths: z
      .array(z.string())
      .optional()
      .describe('files or folders (default: the flags and agents folders)'),
    fix: z
      .boolean()
      .optional()
      .describe('give hand-written flag files their id, created_at and <id>.md name first'),
  },
  output: validateShape,
  // Writes only with fix, and then only adds: fields and a file name, never a flag's content.
  hints: { ...ADDITIVE, idempotentHint: true },
  run: async (ctx, args) => {
    const ws = await workspaceOf(ctx);
    const paths = Array.isArray(args.paths) ? (args.paths as string[]) : [];
    const fix = args.fix === true;
    paths.forEach((path) => insideRepository(ws, path, fix));
    const { files: reports, fixed } = validateAndFix(ws, { cwd: ws.root, paths, fix });
    const invalidCount = reports.filter((r) => !r.valid).length;
    const files = reports
      .filter((r) => r.problems.length > 0)
      .slice(0, 50)
      .map((r) => ({
        path: sanitize(r.path),
        valid: r.valid,
        problems: r.problems.map((p) => ({
          line: p.line,
          severity: p.severity,
          message: message(p.message),
        })),
      }));
    const moved = fixed.map((a) => ({ ...a, from: sanitize(a.from), to: sanitize(a.to) }));
    return {
      data: {
        valid: invalidCount === 0,
        checked: reports.length,
        invalid_count: invalidCount,
        files,
        fixed: moved,
      },
    };
  },
};
