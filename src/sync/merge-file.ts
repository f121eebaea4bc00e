/** Three-way text merge by git's own `git merge-file`, on temp copies. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { execFileText } from '../git/repo.js';

/** Three versions of a text: the common ancestor and both sides. */
export interface ThreeTexts {
  base: string;
  ours: string;
  theirs: string;
}

/** A merged text and whether it still holds conflict markers for a person to resolve. */
export interface Merged {
  text: string;
  conflict: boolean;
}

/** Merges texts like git does; a true conflict is returned with its markers. */
export async function mergeTexts(texts: ThreeTexts): Promise<Merged> {
  if (texts.ours === texts.theirs || texts.theirs === texts.base) {
    return { text: texts.ours, conflict: false };
  }
  if (texts.ours === texts.base) return { text: texts.theirs, conflict: false };
  const dir = mkdtempSync(join(tmpdir(), 'flagstore-merge-'));
  try {
    const paths = ['ours', 'base', 'theirs'].map((name) => join(dir, name)) as [
      string,
      string,
      string,
    ];
    writeFileSync(paths[0], texts.ours);
    writeFileSync(paths[1], texts.base);
    writeFileSync(paths[2], texts.theirs);
    const labels = ['-L', 'ours', '-L', 'base', '-L', 'theirs'];
    try {
      const { stdout } = await execFileText(
        'git',
        ['merge-file', '-p', ...labels, '--', ...paths],
        {
          encoding: 'utf8',
        },
      );
      return { text: stdout, conflict: false };
    } catch (error) {
      const e = error as { code?: number; stdout?: string };
      if (typeof e.code === 'number' && e.code > 0 && e.code < 128 && e.stdout !== undefined) {
        return { text: e.stdout, conflict: true };
      }
      throw new FlagstoreError('git', `git merge-file failed: ${String(error)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
