/** sync merges a flag whose copy has CRLF line ends (an agent's editor) with a diverged remote. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerPath } from '../src/core/ledger-layout.js';
import { cli, createFlag, git } from './helpers.js';
import { cloneOf, repoWithRemote } from './ledger-helpers.js';

async function ok(dir: string, args: string[]): Promise<void> {
  const res = await cli(dir, args);
  expect(res.code, res.stderr).toBe(0);
}

describe('sync of a CRLF flag file', () => {
  it('merges it with a remote that moved on, instead of failing on its front matter', async () => {
    const { bare, repo: x } = await repoWithRemote();
    const id = await createFlag(x, '@a.one', 'change', '--to', '@b.two');
    await ok(x, ['sync']);
    const y = await cloneOf(bare, 'y');
    await ok(y, ['sync']);
    await createFlag(y, '@c.three', 'change', '--to', '@b.two');
    await ok(y, ['sync']);
    const path = join(x, 'flags', `${id}.md`);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    await ok(x, ['lock', id, '--by', '@b.two']);
    await ok(x, ['complete', id, '--by', '@b.two', '--notes', 'done']);
    await ok(x, ['sync']);
    await ok(y, ['sync']);
    const text = git(y, 'show', `flagstore:${ledgerPath('flags', id)}`);
    expect(text).toContain('status: completed\r\n');
    expect(text).toContain('completed_by: "@b.two"\r\n');
    const shown = await cli(y, ['--json', 'show', id]);
    expect(shown.json<{ flag: { status: string } }>().flag.status).toBe('completed');
  });
});
