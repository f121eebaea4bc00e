import { afterAll, describe, expect, it } from 'vitest';
import { ACTION, CHANGE, flagFiles, makeRepo } from './helpers.js';
import { call, closeAll, connect, errorOf } from './mcp-helpers.js';

afterAll(closeAll);

/** Text an agent may well send: markup, a line separator, an emoji, a 5,000-character line. */
const ODD = `${CHANGE} </script><script>alert(1)</script> <!-- ]]> \u2028 \u{1F600} ${'x'.repeat(5000)}`;

describe('MCP over stdio with odd text', () => {
  it('gives back what was sent, and refuses a lone surrogate a file cannot hold', async () => {
    const repo = await makeRepo();
    const client = await connect(repo, { by: '@backend.api' });
    const made = await call(client, 'create_flag', {
      flag_type: 'change',
      target_agent: '@frontend.web',
      change_description: ODD,
      action_required: ACTION,
    });
    expect(made.isError).toBeFalsy();
    const id = String((made.structuredContent?.flag as { id: string }).id);
    const shown = await call(client, 'show_flag', { id });
    const flag = shown.structuredContent?.flag as { change_description: string };
    expect(flag.change_description === ODD).toBe(true);
    // JSON carries "\ud800"; written as UTF-8 it would read back as U+FFFD, unlike what was sent.
    const lone = await call(client, 'create_flag', {
      flag_type: 'change',
      target_agent: '@frontend.web',
      change_description: `${CHANGE} \ud800 here`,
      action_required: ACTION,
    });
    const error = errorOf(lone);
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('change_description holds a lone surrogate (U+D800)');
    expect(error.message).toContain('remove it, or send the whole pair');
    // Over MCP the fix names the tool to call again, as every other invalid argument's does.
    expect(error.fix).toBe(
      'correct change_description as the message says, then call create_flag again',
    );
    const notes = errorOf(await call(client, 'complete_flag', { id, notes: 'done \udc00' }));
    expect(notes.message).toContain('notes holds a lone surrogate (U+DC00)');
    expect(notes.fix).toBe('correct notes as the message says, then call complete_flag again');
    expect(flagFiles(repo)).toHaveLength(1);
    // The stream is intact after the refusals: the next call is answered.
    expect((await call(client, 'complete_flag', { id, notes: 'done' })).isError).toBeFalsy();
  });
});
