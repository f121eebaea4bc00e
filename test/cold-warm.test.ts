/**
 * A cold read (no `.git/flagstore` at all) and a warm one (the parse caches written by earlier
 * reads, whichever command wrote them) print the same, on a repository with a ledger, a hand
 * edit of a recorded flag, an untracked flag file, a CRLF file, a file only the full YAML parser
 * reads, and invalid files of several kinds. Real processes; the answer cache is off, so every
 * run reads the flags.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderFlagFile } from '../src/store/flag-file.js';
import { AGENT, flag, outcome, plain, writeFlag } from './answer-helpers.js';
import { cli, git, makeRepo } from './helpers.js';

const IDS = {
  recorded: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B1',
  edited: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B2',
  done: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B3',
  other: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B4',
  untracked: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B5',
  crlf: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B6',
  yamlOnly: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B7',
  digitWord: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B8',
  mismatch: '01JD3ZQ8XKQ5V7W9Y2B4C6D8B9',
  noFront: '01JD3ZQ8XKQ5V7W9Y2B4C6D8BA',
  broken: '01JD3ZQ8XKQ5V7W9Y2B4C6D8BB',
};

const COMMANDS = [
  ['get-agent-flags', AGENT],
  ['list', '--for', AGENT, '--json'],
  ['list', '--json'],
  ['list'],
  ['brief', '--agent', AGENT],
  ['brief', '--agent', AGENT, '--json'],
];

function write(repo: string, id: string, text: string): void {
  writeFileSync(join(repo, 'flags', `${id}.md`), text);
}

/** The repository described above; the ledger holds the recorded flags. */
async function mixedRepo(): Promise<string> {
  const repo = await makeRepo();
  writeFlag(repo, IDS.recorded, { impact_level: 'high' });
  writeFlag(repo, IDS.edited);
  writeFlag(repo, IDS.done, { target_agent: null });
  writeFlag(repo, IDS.other, { target_agent: '@ops.cicd', source_agent: AGENT });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'flags');
  // The set-up's write in this process: what is read is the subject, not how it was written.
  const done = await cli(repo, ['complete', IDS.done, '--notes', 'Done.', '--by', AGENT]);
  expect(done.code, done.stderr).toBe(0);
  // A hand edit of a flag the ledger holds, not committed: the two copies are merged.
  writeFlag(repo, IDS.edited, { impact_level: 'low' });
  writeFlag(repo, IDS.untracked, { related_files: ['api/items.ts', 'api/list.ts'] });
  write(repo, IDS.crlf, renderFlagFile(flag(IDS.crlf)).replace(/\n/g, '\r\n'));
  // A block list without indentation: valid YAML the fast reader leaves to the full parser.
  const yamlOnly = renderFlagFile(flag(IDS.yamlOnly));
  write(repo, IDS.yamlOnly, yamlOnly.replace('\n  - src/api/items.ts', '\n- src/api/items.ts'));
  const digitWord = renderFlagFile(flag(IDS.digitWord));
  write(
    repo,
    IDS.digitWord,
    digitWord.replace(`id: ${IDS.digitWord}`, 'id: 01JD3ZQ8XKQ5V7W9Y2B4C6D8'),
  );
  write(repo, IDS.mismatch, renderFlagFile(flag(IDS.recorded)));
  write(repo, IDS.noFront, 'id: nothing above me\n');
  write(repo, IDS.broken, '---\nid: [broken\n---\n');
  return repo;
}

function forget(repo: string): void {
  rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
}

describe('cold and warm reads', () => {
  let repo: string;
  const cold = new Map<string, ReturnType<typeof outcome>>();
  /** Each command run again right after its cold run, with the caches that run wrote. */
  const warmed = new Map<string, ReturnType<typeof outcome>>();

  beforeAll(async () => {
    repo = await mixedRepo();
    for (const args of COMMANDS) {
      forget(repo);
      cold.set(args.join(' '), outcome(await plain(repo, args)));
      warmed.set(args.join(' '), outcome(await plain(repo, args)));
    }
  }, 60_000);

  it('reads every kind of file it holds (the fixture is what it says)', () => {
    const listed = cold.get('list --json')?.stdout ?? '';
    for (const id of [IDS.recorded, IDS.edited, IDS.untracked, IDS.crlf, IDS.yamlOnly]) {
      expect(listed).toContain(id);
    }
    for (const id of [IDS.digitWord, IDS.mismatch, IDS.noFront, IDS.broken]) {
      expect(listed).toContain(`flags/${id}.md`);
    }
    expect(listed).not.toContain(`"id": "${IDS.done}"`);
    expect(cold.get(`get-agent-flags ${AGENT}`)?.stdout).toContain('"impact_level": "low"');
  });

  it('prints the same warm as cold, each command after itself', () => {
    for (const args of COMMANDS)
      expect(warmed.get(args.join(' ')), args.join(' ')).toEqual(cold.get(args.join(' ')));
  });

  it('prints the same after a cold read for one agent left the other parses out, and is not stale after a hand edit between warm reads (it edits the repository)', async () => {
    for (const first of [COMMANDS[0], ['get-agent-flags', '@ops.cicd']] as string[][]) {
      forget(repo);
      await plain(repo, first);
      for (const args of COMMANDS) {
        expect(outcome(await plain(repo, args)), args.join(' ')).toEqual(cold.get(args.join(' ')));
      }
    }
    // Every command has now read warm: the edit lands between warm reads.
    const path = join(repo, 'flags', `${IDS.other}.md`);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"@ops.cicd"', `"${AGENT}"`));
    const warm = [];
    for (const args of COMMANDS) warm.push(outcome(await plain(repo, args)));
    expect(warm[0]?.stdout).toContain(IDS.other);
    // The reference: a cold read by the full CLI in this process (test/hot-path.test.ts holds
    // the binary's hot path to the full CLI's output).
    for (const [i, args] of COMMANDS.entries()) {
      forget(repo);
      expect(warm[i], args.join(' ')).toEqual(outcome(await cli(repo, args)));
    }
  }, 120_000);
});
