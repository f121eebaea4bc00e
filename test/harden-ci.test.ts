/** Hardening (issue 14): untrusted text in CI output and in the review markdown. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION, cli, flagText, git, makeRepo, tempDir } from './helpers.js';

/** Every workflow command the GitHub runner knows, with properties where it takes them. */
const COMMANDS = [
  '::error::',
  '::error file=a.ts,line=1::',
  '::warning::',
  '::notice::',
  '::debug::',
  '::group::',
  '::endgroup::',
  '::add-mask::',
  '::stop-commands::',
  '::set-output name=x::',
  '::save-state name=x::',
  '::add-path::',
  '::echo::',
  '##[error]',
  '##[set-output name=x;]',
];
/** Ways a line can start inside a value: after LF, CR, CRLF, a line separator, or blanks. */
const BREAKS = ['\n', '\r', '\r\n', '\n   ', '\u2028'];

function payload(i: number): string {
  const command = COMMANDS[i % COMMANDS.length] as string;
  const brk = BREAKS[i % BREAKS.length] as string;
  return `${brk}${command}pwned${i}`;
}

function flagFile(id: string, codeLocation: string): string {
  return flagText(id, `code_location: ${JSON.stringify(codeLocation)}`);
}

function agentFile(name: string): string {
  return `---\nname: ${JSON.stringify(name)}\ndescription: An agent.\n---\n\nPrompt.\n`;
}

/** A repository whose flags, agent names and agent file names carry every command. */
async function hostileRepo(): Promise<string> {
  const repo = await makeRepo();
  mkdirSync(join(repo, 'agents'), { recursive: true });
  for (let i = 0; i < COMMANDS.length * 2; i++) {
    const id = `01JD3ZQ8XKQ5V7W9Y2B4C6D8${String(10 + i).padStart(2, '0')}`;
    writeFileSync(join(repo, 'flags', `${id}.md`), flagFile(id, `src/a.ts:1${payload(i)}`));
    writeFileSync(join(repo, 'agents', `a${i}.md`), agentFile(`x${payload(i + 1)}`));
    const fileName = `b${payload(i + 2).replace(/\//g, '_')}.md`;
    writeFileSync(join(repo, 'agents', fileName), agentFile('db.pg'));
  }
  return repo;
}

/** Every line as the runner splits output, with the commands it would run. */
function commandsRun(output: string): string[] {
  return output
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
}

describe('workflow commands under GITHUB_ACTIONS=true', () => {
  it('no text from a flag or agent file starts a line or runs a command', async () => {
    const repo = await hostileRepo();
    const summary = join(tempDir(), 'summary.md');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const res = await cli(repo, ['check'], env);
    expect(res.code).toBe(3);
    const output = res.stdout + res.stderr;
    for (let i = 0; i < COMMANDS.length * 2; i++) expect(output).toContain(`pwned${i}`);
    const ours = /^::error file=[^:,\r\n]*,line=\d+::[^\r\n]*$/;
    for (const line of commandsRun(output)) expect(line).toMatch(ours);
    for (const line of output.split(/\r\n|\r|\n/)) {
      if (line.includes('pwned') && !ours.test(line)) expect(line).toMatch(/^(flags|agents)\//);
    }
    expect(readFileSync(summary, 'utf8')).toContain('pwned');
    const json = await cli(repo, ['--json', 'check'], env);
    const jsonOutput = json.stdout + json.stderr;
    for (const line of commandsRun(jsonOutput)) expect(line).toMatch(ours);
    const document = jsonOutput.slice(jsonOutput.indexOf('{'));
    expect(JSON.stringify(JSON.parse(document))).toContain('##[error]pwned');
  });

  it('errors and other commands print no command either', async () => {
    const repo = await hostileRepo();
    const env = { GITHUB_ACTIONS: 'true' };
    const config = join(repo, '.flagstore.yml');
    writeFileSync(config, 'flags_dir: [\n  ::add-mask::pwned\n');
    const broken = await cli(repo, ['check'], env);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('.flagstore.yml:');
    expect(commandsRun(broken.stdout + broken.stderr)).toEqual([]);
    // A YAML syntax error names the file and line only; an unknown key is echoed in its error.
    writeFileSync(config, 'gates:\n  "\\n::add-mask::pwned": 1\n');
    const res = await cli(repo, ['check'], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('pwned');
    expect(commandsRun(res.stdout + res.stderr)).toEqual([]);
    git(repo, 'checkout', '--', '.flagstore.yml');
    const validated = await cli(repo, ['validate'], env);
    expect(validated.stdout).toContain('pwned');
    expect(commandsRun(validated.stdout + validated.stderr)).toEqual([]);
  });
});

/** Markdown with its code spans taken out: what GitHub would scan for mentions and references. */
function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/`[^`\n]*`/g, '');
}

describe('the review markdown', () => {
  it('holds no live @mention or #reference, and its table keeps five columns', async () => {
    const repo = await makeRepo();
    git(repo, 'checkout', '-q', '-b', 'feature');
    const change =
      'Ping @octocat and @github/security, see #12, GH-7 and org/repo#5; mail a@b.io | x';
    const created = await cli(repo, [
      'create',
      'change',
      '--change',
      change,
      '--action',
      ACTION,
      '--by',
      '@db.pg',
      '--to',
      '@api.gateway',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const diff = await cli(repo, ['diff', 'main', '--format', 'markdown']);
    expect(diff.code).toBe(0);
    const summary = join(tempDir(), 'summary.md');
    await cli(repo, ['check', '--base', 'main'], {
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_ACTIONS: 'true',
    });
    for (const markdown of [diff.stdout, readFileSync(summary, 'utf8')]) {
      expect(markdown).toContain('`@octocat`');
      expect(markdown).toContain('`@db.pg`');
      const plain = outsideCodeSpans(markdown);
      expect(plain).not.toMatch(/@[A-Za-z0-9]/);
      expect(plain).not.toMatch(/#\d|GH-\d/i);
      const row = markdown.split('\n').find((line) => line.includes('octocat')) ?? '';
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
    }
  });
});
