/**
 * `reply --sync` and `reply --commit`, as `create`, `lock` and `complete` have them: an agent in
 * another clone answers a question it has not synced yet, and both the answer and the
 * completed question reach the remote's ledger; with `--commit`, both files are committed.
 */
import { describe, expect, it } from 'vitest';
import { cluster } from './ledger-helpers.js';
import { CHANGE, cli, createFlag, git, makeRepo } from './helpers.js';

const ANSWER = 'Gamma listens on 8443 in staging and 443 in production; see deploy/gamma.yaml.';

interface Shown {
  flag: { status: string; target_agent: string; chain_origin_id: string | null };
}

describe('reply across clones and with a commit', () => {
  it('--sync answers a question only the remote holds, and the asker sees both after sync', async () => {
    const { clones } = await cluster(2);
    const [asker, answerer] = clones as [string, string];
    const question = await createFlag(asker, '@a.one', 'information_request', '--to', '@b.two');
    expect((await cli(asker, ['sync'])).code).toBe(0);
    const args = ['--json', 'reply', question, '--change', ANSWER, '--by', '@b.two', '--sync'];
    const res = await cli(answerer, args);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const reply = res.json<{ reply: { id: string } }>().reply.id;
    expect((await cli(asker, ['sync'])).code).toBe(0);
    const asked = (await cli(asker, ['--json', 'show', question])).json<Shown>();
    expect(asked.flag.status).toBe('completed');
    const answered = (await cli(asker, ['--json', 'show', reply])).json<Shown>();
    expect(answered.flag).toMatchObject({ target_agent: '@a.one', chain_origin_id: question });
  }, 180_000);

  it('--commit commits the answer and the completed question, and nothing else', async () => {
    const repo = await makeRepo();
    const question = await createFlag(repo, '@a.one', 'information_request', '--to', '@b.two');
    git(repo, 'add', '--', 'flags');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'question');
    const args = ['reply', question, '--change', `${CHANGE} Answered.`, '--by', '@b.two'];
    const res = await cli(repo, [...args, '--commit']);
    expect(res.code).toBe(0);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    const subjects = git(repo, 'log', '--format=%s', '-2').split('\n');
    expect(subjects[0]).toContain(`flag ${question.slice(-10)}: complete by @b.two`);
    expect(subjects[1]).toContain('create medium change @b.two -> @a.one');
  });
});
