/** `flagstore init` (optionally with an agent client), `uninstall` and `doctor`. */
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { SetupReport } from '../../core/setup.js';
import { unwrap } from '../../core/errors.js';
import { setupClaude } from '../../services/claude-setup.js';
import {
  doctor,
  initRepository,
  uncommittedSetup,
  uninstallRepository,
} from '../../services/init.js';
import { listAgents } from '../../services/agents.js';
import { shellWords } from '../../git/shell-word.js';
import { oneOfList } from '../parse.js';
import { action, identity, workspace } from '../context.js';
import { padToWidest } from '../columns.js';
import { oneLine, palette, printNative, say, sanitize, warn } from '../output.js';

/** Who the example flag is by: the acting agent, when one is known, and how it was given. */
interface Author {
  handle: string;
  /** Given with `--by` (printed then); else from FLAGSTORE_AGENT or git config, so left out. */
  explicit: boolean;
}

/**
 * The `--by ... --to ...` of the example flag: the catalog's first two handles (the target must
 * be in the catalog, the author need not), placeholders where the catalog has fewer. With an
 * identity set, `create` takes it as the author, so `--by` is left out and the target is the
 * first catalog agent that is not that identity. A valid handle holds no character a shell reads,
 * so it is printed as it is.
 */
function exampleAgents(handles: string[], author: Author | null): string {
  if (author !== null) {
    const to = handles.find((h) => h !== author.handle) ?? '@other.agent';
    return author.explicit ? `--by ${author.handle} --to ${to}` : `--to ${to}`;
  }
  const [first, second] = handles;
  if (first === undefined) return '--by @you.module --to @other.agent';
  return second === undefined ? `--by @you.module --to ${first}` : `--by ${first} --to ${second}`;
}

/**
 * What to do after `init` changed something: commit the set-up files it names (only those, so
 * work in progress stays out; nothing in a clone whose set-up is committed) and the folders of
 * catalog agents not committed yet (else other clones have no catalog), then create a flag
 * between agents of the catalog (`handles`).
 */
function nextSteps(toCommit: string[], handles: string[], author: Author | null): string {
  const commit = shellWords(['git', 'add', '--', ...toCommit]);
  const lines = [
    '',
    toCommit.length > 0 ? 'next: commit the set-up, then create a flag:' : 'next: create a flag:',
    ...(toCommit.length > 0 ? [`  ${commit} && git commit -m "Set up flagstore"`] : []),
    `  flagstore create change ${exampleAgents(handles, author)} --change "..." --action "..."`,
    "  (flagstore's own docs/concepts.md, in its package, explains flags, the catalog and the gates; flagstore --help lists commands)",
  ];
  return lines.join('\n');
}

/** The folder of an agent file, or the file itself at the root (`git add .` would take all). */
function catalogFolder(file: string): string {
  const folder = dirname(file);
  return folder === '.' ? file : folder;
}

function printReport(report: SetupReport): void {
  report.created.forEach((p) => say(`created    ${sanitize(p)}`));
  report.removed.forEach((p) => say(`removed    ${sanitize(p)}`));
  report.unchanged.forEach((p) => say(`unchanged  ${sanitize(p)}`));
  report.manual.forEach((m) => warn(`to do:     ${sanitize(m)}`));
}

function registerUninstall(program: Command): void {
  program
    .command('uninstall')
    .description(
      'remove what init added (hooks, hook-manager entries, merge driver config, .gitattributes and .gitignore lines); flags and agents stay',
    )
    .action(
      action('native', async (ctx) => {
        const report = await uninstallRepository(await workspace(ctx));
        if (ctx.json) printNative({ ...report });
        else printReport(report);
      }),
    );
}

function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check that the gate and the merge driver are installed in this clone')
    .action(
      action('native', async (ctx) => {
        const report = await doctor(await workspace(ctx));
        if (ctx.json) printNative({ ...report });
        else {
          const c = palette();
          const names = padToWidest(report.checks.map((check) => sanitize(check.name)));
          report.checks.forEach((check, i) => {
            const mark = check.ok ? c.green('ok  ') : c.red('FAIL');
            say(`${mark}  ${names[i] ?? ''} ${oneLine(check.detail)}`);
            if (check.fix !== null) say(`      fix: ${oneLine(check.fix)}`);
          });
        }
        return report.ok ? 0 : 1;
      }),
    );
}

interface InitOptions {
  ci?: string;
  agent?: string;
  command?: string;
}

/** Registers `init`, `uninstall` and `doctor`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'set this repository up: configuration, flags/ and agents/ folders, the pre-commit and pre-merge-commit hooks (in every hook manager in use), the merge driver, a .gitignore rule for its temp files',
    )
    .option('--ci <provider>', 'also write a CI workflow that runs flagstore check (github)')
    .option(
      '--agent <client>',
      'also set up an agent client (claude: .mcp.json, the SessionStart hook, CLAUDE.md)',
    )
    .option('--command <line>', 'how the client starts flagstore (default: flagstore, on PATH)')
    .action(
      action('native', async (ctx, o: InitOptions) => {
        const ci =
          o.ci === undefined ? undefined : unwrap(oneOfList<'github'>(o.ci, ['github'], 'ci'))[0];
        const client =
          o.agent === undefined
            ? undefined
            : unwrap(oneOfList<'claude'>(o.agent, ['claude'], 'agent'))[0];
        const ws = await workspace(ctx);
        const report = await initRepository(ws, { ci });
        const claude = client === 'claude' ? await setupClaude(ws, { command: o.command }) : null;
        if (claude !== null) {
          report.created.push(...claude.created);
          report.unchanged.push(...claude.unchanged);
        }
        const updated = claude?.updated ?? [];
        if (ctx.json) {
          printNative({ ...report, updated });
          return;
        }
        printReport(report);
        updated.forEach((p) => say(`updated    ${sanitize(p)}`));
        if (report.created.length + updated.length === 0) return;
        const labels = [...report.created, ...report.unchanged, ...updated];
        const agents = await listAgents(ws);
        const agentFiles = new Set(agents.map((a) => a.file));
        // One git status for both: the set-up files and the catalog's agent files.
        const changed = await uncommittedSetup(ws, [...labels, ...agentFiles]);
        const toCommit = changed.map((p) => (agentFiles.has(p) ? catalogFolder(p) : p));
        const handles = agents.map((a) => a.handle);
        const me = await identity(ctx, ws);
        const author = me === null ? null : { handle: me, explicit: ctx.by !== undefined };
        say(nextSteps([...new Set(toCommit)], handles, author));
      }),
    );
  registerUninstall(program);
  registerDoctor(program);
}
