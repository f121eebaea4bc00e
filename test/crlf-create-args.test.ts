/**
 * Arguments with a CR LF line end, as a script that reads values from a CRLF file passes them:
 * create already trims handles, paths and the location; the type and the impact too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, makeRepo } from './helpers.js';

describe('create with CR LF at the end of its arguments', () => {
  it('reads the type and the impact as typed, like every other value', async () => {
    const repo = await makeRepo();
    const args = ['--json', '--by', '@db.pg\r', 'create', 'breaking_change\r\n'];
    const rest = [
      '--to',
      '@api.web\r',
      '--impact',
      'high\r',
      '--change',
      CHANGE,
      '--action',
      ACTION,
    ];
    const res = await cli(repo, [...args, ...rest]);
    expect(res.code, res.stdout).toBe(0);
    const id = res.json<{ flag: { id: string } }>().flag.id;
    const text = readFileSync(join(repo, 'flags', `${id}.md`), 'utf8');
    expect(text).toMatch(/^flag_type: breaking_change$/m);
    expect(text).toMatch(/^impact_level: high$/m);
    expect(text).not.toContain('\r');
  });
});
