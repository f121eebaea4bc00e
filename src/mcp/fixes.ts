/**
 * Error fixes in MCP terms: the services word their fixes for a shell, and an agent on MCP
 * needs the tool to call and its arguments instead. Fixes with no tool equivalent (git, the
 * configuration file) are kept, marked as shell or file steps.
 */
import { FlagstoreError } from '../core/errors.js';
import { isMissingIdentity } from '../core/identity.js';

type Rule = [RegExp, (m: RegExpMatchArray, e: FlagstoreError) => string];

const call = (tool: string, args: Record<string, unknown>): string =>
  `call ${tool} ${JSON.stringify(args)}`;

const RULES: Rule[] = [
  [
    /^in the worktree that took it, [^:]+: ((?:cd .+ && )?flagstore unlock ([0-9A-Za-z]+)); then lock it here\. Or take it over from here \(([^)]+)\)/,
    (m) =>
      `release it in the worktree that took it, once the work there is done (in a shell: ${m[1]}), then ${call('lock_flag', { id: m[2] })}; or take it over from here (${m[3]}): ${call('lock_flag', { id: m[2], force: true })}`,
  ],
  [
    /ask the holder to unlock it \(flagstore unlock ([0-9A-Za-z]+)\), or add --force/,
    (m) => `ask the holder to unlock it, or ${call('complete_flag', { id: m[1], force: true })}`,
  ],
  [
    /flagstore (lock|unlock|complete) ([0-9A-Za-z]+)\b.*--force/,
    (m) =>
      `${m[1] === 'unlock' ? 'ask the holder, or ' : ''}${call(`${m[1]}_flag`, { id: m[2], force: true })}`,
  ],
  [
    // A flag file renamed by hand (services/synced-write.ts): not a path to validate.
    /^flagstore validate --fix (\([^)]*\)), then run the command again$/,
    (m) => `${call('validate', { fix: true })} ${m[1]}, then call the tool again`,
  ],
  [
    /flagstore validate (\S+)/,
    (m) => `fix the file by hand, then ${call('validate', { paths: [m[1]] })}`,
  ],
  [
    /^(nothing to \w+); ([^:]+): flagstore show ([0-9A-Za-z]+)$/,
    (m) => `${m[1]}; ${m[2]}: ${call('show_flag', { id: m[3] })}`,
  ],
  [/^flagstore list --status all$/, () => call('list_flags', { status: 'all' })],
  [/^flagstore list$/, () => call('list_flags', {})],
  [/^flagstore validate$/, () => `pass paths inside the repository, or ${call('validate', {})}`],
  [/^flagstore search "/, () => call('search_agents', { query: 'what the task is about' })],
  [/^flagstore agents (list|show)/, () => call('list_agents', {})],
  [
    /, or pass --force to create the flag\b.*\banyway$/,
    (_m, e) => `${e.fix?.replace(/, or pass --force.*$/, '')}, or pass force: true to create_flag`,
  ],
  [/^use more characters/, () => 'pass more characters of the id (or the full id from list_flags)'],
  [
    /^git init && flagstore init$/,
    () =>
      'start the MCP server with its working directory inside a git repository set up with flagstore init (in a shell: git init && flagstore init)',
  ],
];

/** Fixes for errors that have none in the services, by kind. */
const DEFAULTS: Partial<Record<FlagstoreError['code'], string>> = {
  invalid:
    'correct the argument named in details.field and call the tool again; when a file is at fault (.flagstore.yml, a flag or agent file), fix it by hand, then call validate {}',
  git: 'repair the repository in a shell (git status, git fsck), then call the tool again',
};

/** The tool that failed: its name and the names of its arguments. */
export interface FailedTool {
  name: string;
  args: string[];
}

/** The arguments an invalid-input error names (`details.field` or each problem's field). */
function fieldsOf(error: FlagstoreError): string[] {
  const { field, problems } = error.details;
  const named = Array.isArray(problems)
    ? problems.map((p: unknown) => (p as { field?: unknown }).field)
    : [field];
  return [...new Set(named.filter((f): f is string => typeof f === 'string'))];
}

/**
 * The fix for an invalid argument: names the arguments to correct and the tool to call again,
 * when every field the error names is an argument of the tool (else the general default).
 */
function argumentFix(error: FlagstoreError, tool: FailedTool | undefined): string | null {
  if (error.code !== 'invalid' || tool === undefined || error.details.path !== undefined) {
    return null;
  }
  // An identity that is not a handle is named 'agent identity'; the tool takes it as an argument.
  const identity = tool.args.find((a) => a === 'agent' || a === 'source_agent');
  const fields = fieldsOf(error).map((f) => (f === 'agent identity' ? (identity ?? f) : f));
  if (fields.length === 0 || !fields.every((f) => tool.args.includes(f))) return null;
  return `correct ${fields.join(', ')} as the message says, then call ${tool.name} again`;
}

/**
 * An invalid-input error worded in a tool's argument names: a service checks the reply's text as
 * `change_description`, which `reply_flag` calls `answer`. Errors about a file are left as they are.
 */
export function renameArgument(error: unknown, from: string, to: string): unknown {
  if (!(error instanceof FlagstoreError) || error.code !== 'invalid') return error;
  if (error.details.path !== undefined) return error;
  const rename = (text: string): string => text.split(from).join(to);
  const problems = error.details.problems;
  const details = Array.isArray(problems)
    ? {
        ...error.details,
        problems: problems.map((p: { field?: string; message?: string }) => ({
          ...p,
          ...(p.field === from ? { field: to } : {}),
          ...(typeof p.message === 'string' ? { message: rename(p.message) } : {}),
        })),
      }
    : error.details;
  return new FlagstoreError('invalid', rename(error.message), {
    ...(error.fix === undefined ? {} : { fix: error.fix }),
    details,
  });
}

/**
 * A missing identity's fix in the tool's terms: the tool's own argument (`source_agent` for
 * create_flag, else `agent`), then the server's start-up identity.
 */
function identityFix(tool: FailedTool | undefined): string {
  const arg = tool?.args.includes('source_agent') ? 'source_agent' : 'agent';
  return `pass ${arg}: "@domain.module" to the tool, or start the server with FLAGSTORE_AGENT set (or --by)`;
}

/** The fix an MCP client should see for an error raised by a tool. */
export function mcpFix(error: FlagstoreError, tool?: FailedTool): string | null {
  if (isMissingIdentity(error)) return identityFix(tool);
  const fix = error.fix;
  if (fix === undefined) return argumentFix(error, tool) ?? DEFAULTS[error.code] ?? null;
  for (const [pattern, rewrite] of RULES) {
    const match = fix.match(pattern);
    if (match !== null) return rewrite(match, error);
  }
  return /\bflagstore\b|\bgit\b/.test(fix) ? `in a shell: ${fix}` : fix;
}
