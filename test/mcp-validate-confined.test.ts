/**
 * MCP validate reads only the repository's files: a symlink in the repository (one a cloned
 * repository committed, say) that leads outside it is refused, never followed. (The flag and
 * agent file readers refuse a symlinked file themselves; a symlinked folder is the way out.)
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from './helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

afterEach(closeAll);

describe('validate over MCP and symlinks', () => {
  it('refuses a path whose folder is a symlink leading outside, whether the file exists or not', async () => {
    const repo = await makeRepo();
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'notes.md'), '---\nflag_type: secret-value\n---\n');
    symlinkSync(elsewhere, join(repo, 'out'));
    const client = await connectInProcess(repo, { by: '@a.one' });
    for (const path of ['out', 'out/notes.md', 'out/missing.md', join(repo, 'out')]) {
      const refused = errorOf(await call(client, 'validate', { paths: [path] }));
      expect([refused.code, refused.message]).toEqual([
        'usage',
        `${path} is outside the repository`,
      ]);
    }
    const missing = errorOf(await call(client, 'validate', { paths: ['flags/missing.md'] }));
    expect(missing.code).toBe('not_found');
  });
});
