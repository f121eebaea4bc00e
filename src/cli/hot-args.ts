/**
 * Which command lines the hot path (src/cli/hot.ts) runs: `get-agent-flags <agent>`,
 * `list [--for <agent>]` and `brief [--agent <agent>]`, each with an optional `--json`, spelled
 * exactly so. This module imports nothing, so `bin/flagstore.js` can ask it before choosing
 * which entry to load.
 */

/** A recognised hot command line. */
export type HotCommand =
  | { name: 'get-agent-flags'; json: boolean; agent: string }
  | { name: 'list'; json: boolean; target: string | undefined }
  | { name: 'brief'; json: boolean; agent: string | undefined };

/** Options of the hot commands that take a value. */
const VALUE_OPTIONS = new Set(['--for', '--agent']);

/** The command line split into `--json`, options with a value, and positional words. */
interface Words {
  json: boolean;
  options: Map<string, string>;
  positional: string[];
}

/**
 * Splits the arguments the way commander would read them, or returns null for anything the
 * hot path does not handle: other flags, `--opt=value`, a blank value or one that looks like a
 * flag, an option before the command name, or an option given twice.
 */
function words(argv: string[]): Words | null {
  const found: Words = { json: false, options: new Map(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--json') {
      found.json = true;
    } else if (VALUE_OPTIONS.has(word)) {
      const value = argv[++i];
      const misplaced = found.positional.length === 0 || found.options.has(word);
      // A blank agent means none, which the commands resolve from git config: full CLI.
      const blank = value === undefined || value.trim() === '';
      if (blank || value.startsWith('-') || misplaced) return null;
      found.options.set(word, value);
    } else if (word.startsWith('-')) {
      return null;
    } else {
      found.positional.push(word);
    }
  }
  return found;
}

/** True when the only options given are among `allowed` and no positional word follows. */
function exactly(found: Words, allowed: string[]): boolean {
  const keys = [...found.options.keys()];
  return found.positional.length === 1 && keys.every((key) => allowed.includes(key));
}

/** The hot command a command line asks for, or null when the full CLI must run it. */
export function hotCommand(argv: string[]): HotCommand | null {
  const found = words(argv);
  if (found === null) return null;
  const [name, agent] = found.positional;
  const json = found.json;
  if (name === 'get-agent-flags' && agent !== undefined && found.positional.length === 2) {
    return found.options.size === 0 ? { name, json, agent } : null;
  }
  if (name === 'list' && exactly(found, ['--for'])) {
    return { name, json, target: found.options.get('--for') };
  }
  if (name === 'brief' && exactly(found, ['--agent'])) {
    return { name, json, agent: found.options.get('--agent') };
  }
  return null;
}
