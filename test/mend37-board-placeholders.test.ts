/**
 * Round mend37a, item 6: the board words a missing or short field as the terminal does. A flag's
 * view built its one-row chain with the full id where `list` and the board's rows print the short
 * form (the board row's `short` started as the full id, a stand-in replaced later only for the
 * rows); a lock with no holder read `locked by ?` on the board, `locked, no holder` in `list`;
 * no target read `anyone` on the board, `-` in `list` and `(anyone)` in `show`: now `(anyone)`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flagView, loadBoard } from '../src/services/board-data.js';
import { openWorkspace } from '../src/services/workspace.js';
import { findChromium, launchChromium } from './board-fixture.js';
import { cli, flagText, git, makeRepo } from './helpers.js';

/** Two flags of one millisecond: A for anyone, B locked with no holder named. */
const [A, B] = ['01KAFYQ2R0A7XK3M9PQRST4VW1', '01KAFYQ2R0H2CN8D5EFGHJ6KM2'] as const;
const CHROMIUM = findChromium();

async function repoWithPlaceholders(): Promise<string> {
  const repo = await makeRepo();
  const anyone = flagText(A).replace('target_agent: "@b.two"\n', '');
  writeFileSync(join(repo, 'flags', `${A}.md`), anyone);
  const lock = 'locked: true\nlock_expires_at: 2099-01-01T00:00:00Z';
  writeFileSync(join(repo, 'flags', `${B}.md`), flagText(B, lock));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'two flags');
  return repo;
}

/** The cells of `list`'s row for a flag, split on runs of two or more spaces. */
function listRow(table: string, id: string): string[] {
  const cells = table.split('\n').map((l) => l.split(/ {2,}/));
  return cells.find(([short = '']) => short.length >= 5 && id.endsWith(short)) ?? [];
}

describe('the board shows a missing or short field as the terminal tables do', () => {
  it("names a flag in its one-row chain by list's short form, never the full id", async () => {
    const repo = await repoWithPlaceholders();
    const ws = await openWorkspace(repo);
    const snapshot = await loadBoard(ws);
    const view = await flagView(ws, snapshot, { id: A, history: false });
    const table = (await cli(repo, ['list'], { COLUMNS: '160' })).stdout;
    const short = listRow(table, A)[0] ?? '';
    expect(short.length).toBeLessThan(26);
    expect(view?.chain.map((r) => r.short)).toEqual([short]);
    expect(snapshot.data.rows.find((r) => r.id === A)?.short).toBe(short);
  });

  it.skipIf(CHROMIUM === null)('words no target and a holderless lock as list does', async () => {
    const repo = await repoWithPlaceholders();
    const table = (await cli(repo, ['list'], { COLUMNS: '160' })).stdout;
    expect(listRow(table, A)).toContain('(anyone)');
    expect(listRow(table, B)).toContain('locked, no holder');
    const out = join(repo, 'report.html');
    expect((await cli(repo, ['report', '--html', '-o', out])).code).toBe(0);
    const browser = await launchChromium(CHROMIUM as string);
    try {
      const page = await browser.newPage();
      await page.goto(`${pathToFileURL(out).href}#/flag/${B}`);
      await page.waitForSelector('body[data-ready="true"]');
      const row = (id: string, cell: string): Promise<string | null> =>
        page.locator(`section.list tr.flag-row[data-id="${id}"] td.${cell}`).textContent();
      expect(await row(A, 'agents')).toBe('@a.one → (anyone)');
      expect(await row(B, 'state')).toContain('locked, no holder');
      const badges = page.locator(`aside.detail[data-id="${B}"] p.badges`);
      expect(await badges.textContent()).toContain('locked, no holder');
    } finally {
      await browser.close();
    }
  });
});
