/**
 * Ledger commits written in this process, byte for byte what `git commit-tree` writes with
 * flagstore's identity variables, where nothing could make git write them otherwise: no commit
 * signing or commit encoding in the git config files, no dates or `-c` settings in the
 * environment, no includes. Null asks git (`git commit-tree`) to do it.
 */
import { existsSync } from 'node:fs';
import { sharedStore } from './linked-store.js';
import { configMentions, configStamp, writeLoose, type LooseStore } from './loose.js';
import { CONFIG_ENV } from './discovery.js';

/** What a ledger commit records (the identity's e-mail address is flagstore's). */
export interface LooseCommitSpec {
  tree: string;
  parents: string[];
  message: string;
  author: string;
  committer: string;
  email: string;
  /** The commit's time (default: now). */
  now?: Date;
}

/**
 * Settings that change the commit git writes: signing (any `gpgsign` but an explicit false), the
 * message's encoding, includes.
 */
const COMMIT_CONFIG =
  /^\s*gpgsign\s*(?:=(?!\s*(?:false|no|off|0)\s*(?:[#;].*)?$).*)?$|commitencoding|^\s*\[include/im;
/** Variables that give git dates or settings of their own. */
const COMMIT_ENV = ['GIT_AUTHOR_DATE', 'GIT_COMMITTER_DATE', ...CONFIG_ENV];
/** Characters besides blanks and control characters that git strips from a name's ends. */
const CRUD = '.,:;<>"\\\'';

function crud(char: string): boolean {
  return char.charCodeAt(0) <= 32 || CRUD.includes(char);
}

/** True when git writes a name or e-mail address into an identity line as it is. */
export function plainIdentPart(name: string): boolean {
  return (
    name !== '' && !crud(name[0] as string) && !crud(name.at(-1) as string) && !/[<>\n]/.test(name)
  );
}

const plainConfig = new Map<string, { stamp: string; plain: boolean }>();

/** True when no git config file asks for anything but a plain commit (as they are now). */
function plainCommits(store: LooseStore): boolean {
  const stamp = configStamp(store.gitDir);
  const known = plainConfig.get(store.gitDir);
  if (known?.stamp === stamp) return known.plain;
  const plain = !configMentions(store.gitDir, COMMIT_CONFIG);
  plainConfig.set(store.gitDir, { stamp, plain });
  return plain;
}

const ZONEINFO = '/usr/share/zoneinfo/';
const zoneChecks = new Map<string, boolean>();

function zoneAgrees(tz: string): boolean {
  // `:Area/City` and a zoneinfo file's path name the zone libc (git) reads from that file.
  const name = tz.replace(/^:/, '').replace(ZONEINFO, '');
  if (!/^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  if (!existsSync(`${ZONEINFO}${name}`)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when this process's local time is the one git's libc uses: TZ unset, or a zone name (or
 * zoneinfo path) both node's ICU and the zoneinfo files know. A POSIX string (`IST-5:30`) is
 * read by libc but not by ICU, which falls back to UTC: git must write the time then.
 */
export function plainTimeZone(): boolean {
  const tz = process.env.TZ;
  if (tz === undefined) return true;
  if (process.env.TZDIR !== undefined) return false;
  let agrees = zoneChecks.get(tz);
  if (agrees === undefined) {
    agrees = zoneAgrees(tz);
    zoneChecks.set(tz, agrees);
  }
  return agrees;
}

/** `<seconds> <+hhmm>` as git writes a time in the local time zone. */
export function gitTime(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const abs = Math.abs(offset);
  const zone = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${Math.floor(now.getTime() / 1000)} ${offset < 0 ? '-' : '+'}${zone}`;
}

/** Writes a commit object in this process; its id, or null when git must write it. */
export function looseCommit(root: string, spec: LooseCommitSpec): string | null {
  const store = sharedStore(root);
  if (store === null || COMMIT_ENV.some((name) => process.env[name] !== undefined)) return null;
  if (!plainTimeZone()) return null;
  const names = [spec.author, spec.committer, spec.email];
  if (!names.every(plainIdentPart) || !plainCommits(store)) return null;
  const time = gitTime(spec.now ?? new Date());
  const lines = [
    `tree ${spec.tree}`,
    ...spec.parents.map((parent) => `parent ${parent}`),
    `author ${spec.author} <${spec.email}> ${time}`,
    `committer ${spec.committer} <${spec.email}> ${time}`,
  ];
  return writeLoose(store, 'commit', Buffer.from(`${lines.join('\n')}\n\n${spec.message}`, 'utf8'));
}
