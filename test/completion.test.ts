/** Shell completion: commands, options, agent handles and flag ids, through the real bash, zsh and fish scripts. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, createFlag, makeRepo, tempDir } from './helpers.js';

let repo: string;
let id: string;

/** True when a shell is installed (.ci/run installs zsh and fish from Debian). */
function has(shell: string): boolean {
  const found = spawnSync(shell, ['-c', 'exit 0']).status === 0;
  if (!found) console.warn(`${shell} is not installed: its completion test is skipped`);
  return found;
}

/**
 * Lines printed by `probe` in a real shell after sourcing `flagstore completion <shell>`, with a
 * `flagstore` on PATH that runs this checkout.
 */
async function inShell(
  shell: string,
  args: string[],
  probe: string,
  before = '',
): Promise<string[]> {
  const bin = join(tempDir(), 'bin');
  mkdirSync(bin);
  const wrapper = join(bin, 'flagstore');
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const script = (await cli(repo, ['completion', shell])).stdout;
  const out = execFileSync(shell, [...args, `${before}\n${script}\n${probe}`], {
    cwd: repo,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

async function words(...typed: string[]): Promise<string[]> {
  const res = await cli(repo, ['__complete', '--', ...typed]);
  expect(res.code).toBe(0);
  return res.stdout.split('\n').filter(Boolean);
}

beforeAll(async () => {
  repo = await makeRepo();
  id = await createFlag(repo, '@backend.api', 'change', '--to', '@frontend.web');
});

describe('completion candidates', () => {
  it('completes commands, subcommands and options (global ones too)', async () => {
    expect(await words('li')).toEqual(['list']);
    expect(await words('agents', '')).toEqual(['add', 'import', 'list', 'show']);
    expect(await words('list', '--f')).toEqual(['--for']);
    expect(await words('list', '--no-p')).toEqual(['--no-pager']);
    expect(await words('')).not.toContain('__complete');
  });

  it('completes agent handles, flag ids and enumerated values', async () => {
    expect(await words('list', '--for', '@')).toEqual(['@backend.api', '@frontend.web']);
    expect(await words('create', 'change', '--to', '@f')).toEqual(['@frontend.web']);
    expect(await words('lock', id.slice(0, 6))).toEqual([id]);
    expect(await words('-C', '.', 'show', '')).toEqual([id]);
    expect(await words('list', '--status', '')).toEqual(['all', 'completed', 'pending']);
    expect(await words('create', 'inf')).toEqual(['information_request']);
  });

  it('prints a script for bash, zsh and fish, and refuses other shells', async () => {
    for (const shell of ['bash', 'zsh', 'fish'])
      expect((await cli(repo, ['completion', shell])).stdout).toContain('__complete');
    expect((await cli(repo, ['completion', 'tcsh'])).code).toBe(2);
  });

  it('works in a real bash: the script fills COMPREPLY', async () => {
    const probe = `COMP_WORDS=(flagstore list --for @b); COMP_CWORD=3; _flagstore_complete; printf '%s\\n' "\${COMPREPLY[@]}"
COMP_WORDS=(flagstore complete ${id.slice(0, 5)}); COMP_CWORD=2; _flagstore_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    expect(await inShell('bash', ['--norc', '-c'], probe)).toEqual(['@backend.api', id]);
  });

  it.skipIf(!has('fish'))('works in a real fish: complete -C lists the candidates', async () => {
    const probe = `complete -C 'flagstore list --for @b'; complete -C 'flagstore complete ${id.slice(0, 5)}'`;
    expect(await inShell('fish', ['--no-config', '-c'], probe)).toEqual(['@backend.api', id]);
  });

  // zsh runs compadd only inside its completion system; the probe stands in a function for it
  // to print what the real script hands over, after the real compinit and compdef ran.
  it.skipIf(!has('zsh'))(
    'works in a real zsh: the script hands compadd the candidates',
    async () => {
      const probe = `compadd() { print -l -- "\${@[3,-1]}" }
words=(flagstore list --for @b); CURRENT=4; _flagstore
words=(flagstore complete ${id.slice(0, 5)}); CURRENT=3; _flagstore`;
      const before = 'autoload -Uz compinit; compinit -u -D';
      expect(await inShell('zsh', ['-f', '-c'], probe, before)).toEqual(['@backend.api', id]);
    },
  );
});
