/** What `git config --file <f> --list -z` reads in config texts, for the config readers' tests. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The values of `git config --list -z` output: each key's last value, '' for a key without `=`. */
export function listedValues(listed: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const entry of listed.split('\0').filter(Boolean)) {
    const cut = entry.indexOf('\n');
    if (cut === -1) values.set(entry, '');
    else values.set(entry.slice(0, cut), entry.slice(cut + 1));
  }
  return values;
}

/**
 * What git reads in each text, by text, or null for a text git refuses. The files' git processes
 * are started by one shell, not by this process (a node spawn costs more than the git it starts).
 */
export function gitLists(dir: string, texts: string[]): Map<string, Map<string, string> | null> {
  const files = texts.map((text, i) => {
    const path = join(dir, `list-${i}`);
    writeFileSync(path, text);
    return path;
  });
  const each =
    'for f; do git config --file "$f" --list -z >"$f.out" 2>/dev/null || rm "$f.out"; done';
  execFileSync('sh', ['-c', each, 'sh', ...files], { cwd: dir });
  return new Map(
    texts.map((text, i) => {
      const out = `${files[i]}.out`;
      return [text, existsSync(out) ? listedValues(readFileSync(out, 'utf8')) : null];
    }),
  );
}
