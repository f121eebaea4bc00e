/**
 * Round mend37a, item 3: `log` at 80 columns cut WHERE to `ledger, from featur…` (the writer's
 * host and folder took the room the branch needed) and BY to `@frontend.checkou…`, and at 120
 * columns DETAILS repeated the agent BY shows (`by @frontend.checkout-team`) while BY was
 * cut. A narrow table now shows a ledger entry as `ledger (branch)` and DETAILS names an agent
 * only when BY shows another one.
 */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';

const HOLDER = '@frontend.checkout-team';

/** A flag created and committed, locked and released in the ledger only, then completed. */
async function history(): Promise<{ repo: string; id: string; branch: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@backend.payments-api', 'change', '--to', HOLDER, '--commit');
  for (const step of ['lock', 'unlock', 'complete'])
    expect((await cli(repo, [step, id, '--by', HOLDER])).code).toBe(0);
  return { repo, id, branch: git(repo, 'branch', '--show-current').trim() };
}

async function logAt(repo: string, id: string, columns: number): Promise<string[]> {
  const res = await cli(repo, ['log', id], { COLUMNS: String(columns), NO_COLOR: '1' });
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.trimEnd().split('\n');
}

describe('log fits 80 and 120 columns and keeps what each column is for', () => {
  it('shows the ledger entry with its branch, and the whole agent at 80 columns', async () => {
    const { repo, id, branch } = await history();
    const lines = await logAt(repo, id, 80);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const locked = lines.find((l) => / locked /.test(l)) ?? '';
    expect(locked).toContain(`ledger (${branch})`);
    expect(locked).toContain(HOLDER);
    expect(lines.join('\n')).not.toContain('…');
  });

  it('at 120 columns names the host and folder, and DETAILS does not repeat BY', async () => {
    const { repo, id, branch } = await history();
    const lines = await logAt(repo, id, 120);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
    const locked = lines.find((l) => / locked /.test(l)) ?? '';
    expect(locked).toContain(`ledger, from ${branch}`);
    expect(locked).toContain(HOLDER);
    expect(locked.split(HOLDER)).toHaveLength(2);
    const json = await cli(repo, ['--json', 'log', id]);
    const entries = json.json<{ entries: { branches: string[] }[] }>().entries;
    expect(entries[1]?.branches[0]).toMatch(new RegExp(`^ledger, from ${branch} at `));
  });
});
