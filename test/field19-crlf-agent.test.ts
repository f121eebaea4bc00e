/**
 * Field sweep 19, Windows line ends: text pasted on Windows reaches `agents add` with CR LF, as it
 * reaches `create`, which stores it with LF. The agent file must be written the same way, not
 * refused for a "control character".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeRepo } from './helpers.js';

describe('agents add with CR LF text (core.autocrlf users)', () => {
  it('stores a CR LF description and body with LF line ends', async () => {
    const repo = await makeRepo();
    const added = await cli(repo, [
      'agents',
      'add',
      'backend.api',
      '--description',
      'REST handlers\r\nand serializers',
      '--body',
      '# backend.api\r\n\r\nOwns api/.\r\n',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const text = readFileSync(join(repo, 'agents', 'backend.api.md'), 'utf8');
    expect(text).not.toContain('\r');
    expect(text).toContain('REST handlers\n  and serializers');
    const shown = await cli(repo, ['agents', 'show', '@backend.api']);
    expect(shown.stdout).toContain('Owns api/.');
  });

  it('still refuses a terminal escape in the description', async () => {
    const repo = await makeRepo();
    const added = await cli(repo, ['agents', 'add', 'x.y', '--description', 'bad \u001b[31m red']);
    expect(added.code).toBe(3);
    expect(added.stderr).toContain('U+001B ESC');
  });
});
