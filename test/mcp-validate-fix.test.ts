/**
 * The MCP `validate` tool's `fix`: what the CLI's `validate --fix` does (services/adopt.ts),
 * through the real SDK client; without `fix` the tool writes nothing.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flagFiles, flagText, makeRepo } from './helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

const ID = '01JD0000000000000000000042';

afterAll(closeAll);

interface Answer {
  valid: boolean;
  files: { path: string; problems: { message: string }[] }[];
  fixed: { from: string; to: string; id: string; added: string[] }[];
}

describe('validate over MCP with fix', () => {
  it('gives a hand-written flag its id and name only with fix, and names the call that does it', async () => {
    const repo = await makeRepo();
    const text = flagText(ID)
      .split('\n')
      .filter((line) => !line.startsWith('id:'))
      .join('\n');
    writeFileSync(join(repo, 'flags', 'my-note.md'), text);
    const client = await connectInProcess(repo, { by: '@a.one' });
    const tools = (await client.listTools()).tools;
    expect(tools.find((t) => t.name === 'validate')?.annotations?.readOnlyHint).toBe(false);

    const read = (await call(client, 'validate')).structuredContent as unknown as Answer;
    expect(read.valid).toBe(false);
    expect(read.fixed).toEqual([]);
    const messages = read.files.flatMap((f) => f.problems.map((p) => p.message)).join('\n');
    expect(messages).toContain('call validate {"fix":true}');
    expect(messages).not.toContain('flagstore validate --fix');
    expect(existsSync(join(repo, 'flags', 'my-note.md'))).toBe(true);

    const fixed = (await call(client, 'validate', { fix: true }))
      .structuredContent as unknown as Answer;
    expect(fixed.valid).toBe(true);
    expect(fixed.fixed).toEqual([
      {
        from: 'flags/my-note.md',
        to: `flags/${fixed.fixed[0]?.id}.md`,
        id: expect.any(String),
        added: ['id'],
      },
    ]);
    expect(flagFiles(repo)).toEqual([`${fixed.fixed[0]?.id}.md`]);
  });

  it('refuses a path outside the repository with the fix naming the tool and its fix argument', async () => {
    const repo = await makeRepo();
    const client = await connectInProcess(repo, { by: '@a.one' });
    const refused = errorOf(await call(client, 'validate', { paths: ['..'], fix: true }));
    expect(refused.code).toBe('usage');
    expect(refused.fix).toMatch(/, or call validate \{"fix":true\}$/);
  });
});
