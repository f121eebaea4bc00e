/**
 * What git's config files (and the environment) say about a ref move and a commit made in this
 * process: the reflog rule, the hooks folder, the committer's and the author's identity, read
 * as git reads them where that is sure; anything else answers null (or false): ask git.
 */
import { join, resolve } from 'node:path';
import { configBool, type ConfigValues } from '../core/git-config.js';
import { configDirs, dirsConfigValues, readConfigValues } from './config-read.js';
import { configStamp, looseStore } from './loose.js';
import { plainIdentPart } from './loose-commit.js';

/** `GIT_*` variables that do not change how git moves a ref or what its reflog says. */
const HARMLESS_ENV =
  /^GIT_(?:COMMITTER_(?:NAME|EMAIL)|AUTHOR_(?:NAME|EMAIL|DATE)|SSL_\w+|SSH(?:_\w+)?|ASKPASS|TERMINAL_PROMPT|PAGER|EDITOR|SEQUENCE_EDITOR|HTTP_\w+|MERGE_AUTOEDIT)$/;

/** True when no `GIT_*` variable but a harmless one is set. */
export function plainEnv(): boolean {
  return Object.keys(process.env).every(
    (name) => !name.startsWith('GIT_') || HARMLESS_ENV.test(name),
  );
}

/** The config keys that decide the move (lower case, as configValues takes them). */
const KEYS = [
  'core.logallrefupdates',
  'core.hookspath',
  'core.bare',
  'user.name',
  'user.email',
  'committer.name',
  'committer.email',
  'author.name',
  'author.email',
];

/** Whose identity: the commit's committer (the reflog's too) or its author. */
type Role = 'committer' | 'author';

/** What the config files say about a ref move: the reflog rule, the hooks folder, the identity. */
export interface MoveSettings {
  /** core.logAllRefUpdates: true (refs/heads/* get a reflog), false (only existing ones), always. */
  log: boolean | 'always';
  hooks: string;
  /** Each role's name and e-mail address in the config (`<role>.*`, else `user.*`). */
  people: Record<Role, { name: string | undefined; email: string | undefined }>;
}

function text(value: string | true | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** core.logAllRefUpdates as git reads it (unset in a repository with a work tree: true). */
function logRule(value: string | true | undefined): boolean | 'always' | null {
  if (value === 'always') return 'always';
  return configBool(value) ?? (value === undefined ? true : null);
}

/** The settings, or null when a value is one git could read otherwise (or a bare repository). */
function settingsOf(root: string, gitDir: string): MoveSettings | null {
  const values = readConfigValues(gitDir, KEYS);
  if (values === null || configBool(values.get('core.bare')) === true) return null;
  const log = logRule(values.get('core.logallrefupdates'));
  const hooksPath = values.get('core.hookspath');
  if (log === null || hooksPath === true || hooksPath?.startsWith('~')) return null;
  const hooks = hooksPath === undefined ? join(gitDir, 'hooks') : resolve(root, hooksPath);
  return { log, hooks, people: peopleOf(values) };
}

/** Each role's name and e-mail address in the config values (`<role>.*`, else `user.*`). */
function peopleOf(values: ConfigValues): MoveSettings['people'] {
  const person = (role: Role) => {
    const pick = (key: string) =>
      text(values.get(`${role}.${key}`)) ?? text(values.get(`user.${key}`));
    return { name: pick('name'), email: pick('email') };
  };
  return { committer: person('committer'), author: person('author') };
}

/**
 * The identities in the config files of a work tree git reads them for with certainty where
 * no plain `.git` folder is (a linked worktree: src/git/config-read.ts), else null.
 */
function peopleElsewhere(root: string): MoveSettings['people'] | null {
  const dirs = configDirs(root);
  const values = dirs === null ? null : dirsConfigValues(dirs, KEYS);
  return values === null ? null : peopleOf(values);
}

const settingsCache = new Map<string, { stamp: string; settings: MoveSettings | null }>();

export function settings(root: string, gitDir: string): MoveSettings | null {
  const stamp = configStamp(gitDir);
  const known = settingsCache.get(gitDir);
  if (known?.stamp === stamp) return known.settings;
  const found = settingsOf(root, gitDir);
  settingsCache.set(gitDir, { stamp, settings: found });
  return found;
}

/** A fallback git takes only where it is not strict. */
function lenient(who: { strict: boolean }, value: string | undefined): string | undefined {
  return who.strict ? undefined : value;
}

/**
 * A role's identity, `name <email>`, as git finds it (the reflog's: git_committer_info), or
 * null: ask git. Strict, as a commit asks it, `EMAIL` does not count (`user.useConfigOnly`
 * would refuse it).
 */
export function identity(
  found: Pick<MoveSettings, 'people'>,
  who: { role: Role; strict: boolean },
): string | null {
  const env = process.env;
  const role = who.role.toUpperCase();
  const name = env[`GIT_${role}_NAME`] ?? found.people[who.role].name;
  const email = env[`GIT_${role}_EMAIL`] ?? found.people[who.role].email ?? lenient(who, env.EMAIL);
  if (name === undefined || email === undefined) return null;
  return plainIdentPart(name) && plainIdentPart(email) ? `${name} <${email}>` : null;
}

/**
 * True when git surely has the identities a commit needs (the author's and the committer's,
 * found as git finds them: see {@link identity}); false only means git must be asked.
 */
export function commitIdentityKnown(root: string): boolean {
  if (!plainEnv()) return false;
  const store = looseStore(root);
  const people = store === null ? peopleElsewhere(root) : settings(root, store.gitDir)?.people;
  if (people === null || people === undefined) return false;
  const roles: Role[] = ['author', 'committer'];
  return roles.every((role) => identity({ people }, { role, strict: true }) !== null);
}
