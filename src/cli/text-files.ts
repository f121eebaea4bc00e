/**
 * The file forms of the write commands' text options (`--notes-file <file>`, `-` for standard
 * input; write-options.ts `withFileForms` defines them once): each is read into the option it
 * stands for, so a handler sees `--notes` whichever form was given. A text too long for a
 * command line (over 128 KiB, refused by the system before flagstore runs) goes this way.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { MAX_FLAG_CHARS } from '../store/flag-file.js';
import { current } from './context.js';
import { attributeName, optionName, type WriteOption } from './write-options.js';

/** The most bytes read: at 4 bytes a character at most, a longer text could never fit a flag file. */
const MAX_BYTES = 4 * MAX_FLAG_CHARS;

/** A file form and the text option it reads into. */
interface Pair {
  form: WriteOption;
  text: WriteOption;
}

/**
 * The options `given` with each file form read into its text option (and left out); a required
 * text given neither way, both ways, or standard input named twice is refused.
 */
export async function readTextFiles<T extends object>(
  given: T,
  o: { command: string; options: WriteOption[]; cwd: string },
): Promise<T> {
  const values = { ...given } as Record<string, unknown>;
  const pairs = pairsOf(o.options);
  const stdin = pairs.filter((p) => values[attributeName(p.form)] === '-');
  if (stdin.length > 1) {
    const names = stdin.map((p) => `--${optionName(p.form)}`).join(' and ');
    throw new FlagstoreError('usage', `${names} both read standard input, which holds one text`, {
      fix: 'read one of them from a file instead',
    });
  }
  for (const pair of pairs) await readPair(values, pair, o);
  return values as T;
}

function pairsOf(options: WriteOption[]): Pair[] {
  return options.flatMap((form) => {
    const text = options.find((t) => form.fileOf !== undefined && optionName(t) === form.fileOf);
    return text === undefined ? [] : [{ form, text }];
  });
}

/** Reads one file form into its text option, or checks a required text was given. */
async function readPair(
  values: Record<string, unknown>,
  pair: Pair,
  o: { command: string; cwd: string },
): Promise<void> {
  const [fileKey, textKey] = [attributeName(pair.form), attributeName(pair.text)];
  const file = values[fileKey];
  delete values[fileKey];
  const [flag, fileFlag] = [`--${optionName(pair.text)}`, `--${optionName(pair.form)}`];
  if (typeof file !== 'string') {
    if (pair.text.required !== true || values[textKey] !== undefined) return;
    const message = `required option '${pair.text.flags}' not specified (or ${fileFlag} <file>, - for standard input)`;
    // The fix commander gives for a missing option (errors.ts), so every usage error reads alike.
    throw new FlagstoreError('usage', message, { fix: `flagstore ${o.command} --help` });
  }
  if (values[textKey] !== undefined) {
    throw new FlagstoreError('usage', `give ${flag} or ${fileFlag}, not both`, {
      fix: `keep one: ${flag} <text> on the command line, or ${fileFlag} <file> for a long text`,
    });
  }
  values[textKey] = await readText({
    file,
    cwd: o.cwd,
    option: fileFlag,
    command: o.command,
  });
  // An error about this text names the option typed (option-terms.ts, via errors.ts).
  if (pair.text.field !== undefined) current.fileForms[pair.text.field] = fileFlag;
}

/** Where a file form reads from, as its errors name it. */
interface Source {
  /** The file as typed, `-` for standard input. */
  file: string;
  cwd: string;
  /** The file form typed (`--notes-file`), and the command it was given to. */
  option: string;
  command: string;
}

/** A file form's source as its errors name it: the file as typed, or standard input for `-`. */
function sourceName(file: string): string {
  return file === '-' ? 'standard input' : file;
}

/**
 * A file's text (`-`: standard input), as `"$(cat file)"` gives it: no BOM, no final line ends.
 * Standard input that is a terminal is refused (the read would wait for Ctrl-D, and an agent
 * never types it), and so is a source that holds no text: a file form promised one.
 */
async function readText(source: Source): Promise<string> {
  const { file, option } = source;
  if (file === '-' && process.stdin.isTTY === true) {
    throw new FlagstoreError('usage', `${option} -: standard input is a terminal, not a pipe`, {
      fix: `pipe the text in (cat notes.txt | flagstore ${source.command} ... ${option} -), or name the file: ${option} notes.txt`,
    });
  }
  const text = (await readBytes(source))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/(\r?\n)+$/, '');
  if (text !== '') return text;
  const fix = file === '-' ? 'pipe the text in' : `write the text in ${file}`;
  throw new FlagstoreError('usage', `${option}: ${sourceName(file)} holds no text`, {
    fix: `${fix}, or leave out ${option}`,
  });
}

/** The bytes of a file form's source, at most MAX_BYTES (a longer source is refused). */
async function readBytes(source: Source): Promise<Buffer> {
  const { file, option } = source;
  let bytes: Buffer;
  try {
    bytes =
      file === '-'
        ? await readBounded(process.stdin)
        : await readFileBounded(resolve(source.cwd, file));
  } catch (error) {
    const why = (error as { code?: string }).code ?? String(error);
    throw new FlagstoreError('usage', `${option}: cannot read ${file} (${why})`, {
      fix: `name a readable file, or - for standard input`,
    });
  }
  if (bytes.length <= MAX_BYTES) return bytes;
  const limit = `${MAX_FLAG_CHARS / 1024} KiB`;
  const message = `${option}: ${sourceName(file)} holds over ${MAX_BYTES / 1024 / 1024} MiB, more than the ${limit} a flag file may hold`;
  throw new FlagstoreError('invalid', message, {
    fix: `shorten ${option} (a flag is a short message): put long material in a file of the repository and name it in related_files`,
  });
}

/**
 * node's promise file system, loaded for a file form only: it brings the readline modules, about
 * a millisecond of every write's start-up, and a write given its texts inline reads no file.
 */
function promisedFs(): typeof import('node:fs/promises') {
  return createRequire(import.meta.url)('node:fs/promises') as typeof import('node:fs/promises');
}

/** A file's first MAX_BYTES + 1 bytes (one more than allowed tells it is too long). */
async function readFileBounded(path: string): Promise<Buffer> {
  const handle = await promisedFs().open(path, 'r');
  try {
    return await readBounded(handle.createReadStream({ end: MAX_BYTES, autoClose: false }));
  } finally {
    await handle.close();
  }
}

/** A stream's bytes, stopping once more than MAX_BYTES came. */
async function readBounded(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buffer);
    size += buffer.length;
    if (size > MAX_BYTES) break;
  }
  return Buffer.concat(chunks);
}
