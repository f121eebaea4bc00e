/** Shell completion: commands, options, agent handles and flag ids, through the real bash script. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, createFlag, makeRepo, tempDir } from './helpers.js';

let repo: string;
let id: string;

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
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    const wrapper = join(bin, 'flagstore');
    writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const script = (await cli(repo, ['completion', 'bash'])).stdout;
    const probe = `${script}
COMP_WORDS=(flagstore list --for @b); COMP_CWORD=3; _flagstore_complete; printf '%s\\n' "\${COMPREPLY[@]}"
COMP_WORDS=(flagstore complete ${id.slice(0, 5)}); COMP_CWORD=2; _flagstore_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = execFileSync('bash', ['--norc', '-c', probe], {
      cwd: repo,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(out.split('\n').filter(Boolean)).toEqual(['@backend.api', id]);
  });
});
