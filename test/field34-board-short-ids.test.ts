/**
 * The board names each flag as `list` does: flags made in the same millisecond (an import from
 * the original SQLite store, whose created_at has whole seconds) share their first ten ID
 * characters, which the board used to show, so every such row read the same and the text a user
 * copied from it was ambiguous.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBoard } from '../src/services/board-data.js';
import { openWorkspace } from '../src/services/workspace.js';
import { cli, flagText, makeRepo } from './helpers.js';

const SAME_MS = ['01M8583HZAQ7X2KD4M9RTB6W1E', '01M8583HZAZWE1WSVNTHC2ARCQ'];

describe('board rows', () => {
  it('carry the short id list prints, unique among the flags', async () => {
    const repo = await makeRepo();
    for (const id of SAME_MS) writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
    const board = await loadBoard(await openWorkspace(repo));
    const shorts = board.data.rows.map((r) => r.short);
    expect(new Set(shorts).size).toBe(2);
    const listed = (await cli(repo, ['list'])).stdout;
    for (const short of shorts) expect(listed).toContain(short);
    for (const row of board.data.rows) expect(row.id.endsWith(row.short)).toBe(true);
  });
});
