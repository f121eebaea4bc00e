/**
 * A misspelt key in .flagstore.yml (`flag_dir: coordination/flags`) was ignored without a word:
 * flagstore read the default folder, found none of the team's flags, and `list` said "no flags".
 * doctor, the command that says whether the set-up is right, now names the key.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unknownConfigKeys } from '../src/store/config.js';
import { cli, makeRepo } from './helpers.js';

interface Doctor {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string; fix: string | null }[];
}

describe('doctor names keys of .flagstore.yml that flagstore does not read', () => {
  it('fails on a misspelt key and passes on the file init wrote', async () => {
    const repo = await makeRepo();
    const clean = (await cli(repo, ['--json', 'doctor'])).json<Doctor>();
    expect(clean.checks.find((c) => c.name === 'config')?.ok).toBe(true);

    writeFileSync(join(repo, '.flagstore.yml'), 'flag_dir: coordination/flags\nsync: manual\n');
    const res = await cli(repo, ['--json', 'doctor']);
    expect(res.code).toBe(1);
    const config = res.json<Doctor>().checks.find((c) => c.name === 'config');
    expect(config?.ok).toBe(false);
    expect(config?.detail).toContain('unknown key flag_dir');
    expect(config?.detail).toContain('flags_dir');
    expect(config?.fix).toContain('.flagstore.yml');
  });

  it('names a misspelt key inside ledger:, with the keys that section reads', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, '.flagstore.yml'), 'ledger:\n  brnach: flags-ledger\n');
    const res = await cli(repo, ['--json', 'doctor']);
    expect(res.code).toBe(1);
    const config = res.json<Doctor>().checks.find((c) => c.name === 'config');
    expect(config?.ok).toBe(false);
    expect(config?.detail).toContain('unknown key ledger.brnach (ledger keys: branch)');
  });

  it('leaves gates: to its parser, which refuses a misspelt key in doctor as in every command', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, '.flagstore.yml'), 'gates:\n  critical: off\nledger:\n  branch: x\n');
    expect(unknownConfigKeys(repo)).toEqual([]);
    writeFileSync(join(repo, '.flagstore.yml'), 'gates:\n  critcal: off\n');
    const res = await cli(repo, ['--json', 'doctor']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('gates has unknown key(s) critcal');
  });
});
