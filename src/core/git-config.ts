/**
 * A few values of a git config file's text, read only where the reading is certain: plain
 * `[section]` headers and `key = value` lines. Anything git could read differently from this
 * (quotes, escapes, continued lines, text after a header, any byte outside printable ASCII) in a
 * section asked about, or a line git would refuse anywhere, makes the answer null, and the caller
 * leaves the work to git. Blanks are git's only: space, tab, carriage return (`isspace` in git's
 * own ctype table), never the Unicode ones JavaScript's `trim` and `\s` take.
 */

/** Values by `section.key` (lower case); `true` for a key given without `=` (git's boolean). */
export type ConfigValues = Map<string, string | true>;

const HEADER = /^\[([^\]]*)\][ \t\r]*(?:[#;].*)?$/;
const ENTRY = /^([A-Za-z][A-Za-z0-9-]*)[ \t\r]*(?:=(.*))?$/;
/** What git reads as a line's start: a header, a key, a comment, or nothing. */
const LINE_START = /^(?:$|[[#;A-Za-z])/;

/** A line without git's blanks at its ends. */
function trimBlanks(line: string): string {
  return line.replace(/^[ \t\r]+|[ \t\r]+$/g, '');
}

/** How a line ends for git, and whether a quote is still open there. */
interface LineEnd {
  end: 'next' | 'end' | 'bad';
  quoted: boolean;
}

/**
 * How a key line ends for git: `next` (a backslash at its end, outside a comment: the value goes
 * on, a quote open or not), `end`, or `bad` (an open quote at the end or an escape git refuses:
 * git reads no config at all). `quoted`: the line starts inside a quote (a continued value).
 */
function lineEnd(line: string, quoted: boolean): LineEnd {
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (char === '\\') {
      if (i === line.length - 1) return { end: 'next', quoted };
      i++;
      if (!'\\"ntb'.includes(line[i] as string)) return { end: 'bad', quoted };
    } else if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '#' || char === ';')) return { end: 'end', quoted };
  }
  return { end: quoted ? 'bad' : 'end', quoted };
}

/** The section a header names (lower case), or null for one this reader cannot be sure of. */
function sectionOf(line: string): string | null {
  const header = HEADER.exec(line);
  if (header === null) return null;
  const name = trimBlanks(header[1] as string);
  // A subsection (`[remote "origin"]`) never holds a key asked about: a name that cannot match.
  return /^[A-Za-z0-9.-]+$/.test(name) ? name.toLowerCase() : `"${name}"`;
}

/** A value's text with its comment and surrounding blanks removed; null when not plain. */
function plainValue(raw: string): string | null {
  // Non-ASCII text (or U+FFFD, a byte that was not UTF-8) is left to git, which keeps bytes.
  if (raw.includes('"')) return null;
  const text = raw.replace(/[#;].*$/, '');
  if (/[\\]|[^\x20-\x7e\t\r]/.test(text)) return null;
  // git turns each blank inside a value into one space (a run stays a run) and drops the ends.
  return trimBlanks(text).replace(/[\t\r]/g, ' ');
}

/** Where the reading is: the section, and whether the previous line went on to this one. */
interface Place {
  section: string;
  continued: boolean;
  /** A quote the previous line left open (it went on). */
  quoted: boolean;
}

/** Reads a key line of a section asked about into `values`; false when not certain. */
function readEntry(
  line: string,
  section: string,
  want: { keys: readonly string[]; values: ConfigValues },
): boolean {
  const entry = ENTRY.exec(line);
  if (entry === null) return false;
  const key = `${section}.${(entry[1] as string).toLowerCase()}`;
  if (!want.keys.includes(key)) return true;
  const value = entry[2] === undefined ? true : plainValue(entry[2]);
  if (value !== null) want.values.set(key, value);
  return value !== null;
}

/**
 * How a line ends for git: a key line's or a continued line's (value text: its comment, escapes,
 * quotes and end are read alike; a backslash in a comment is comment text), else `end`. A
 * backslash's next character decides, so blanks after it at the line's end are not dropped first.
 */
function endOf(raw: string, place: Place): LineEnd {
  const tail = raw.replace(/^[ \t\r]+/, '');
  if (place.continued) return lineEnd(tail, place.quoted);
  return /^[A-Za-z]/.test(tail) ? lineEnd(tail, false) : { end: 'end', quoted: false };
}

/**
 * Reads one line (its line end's carriage return removed, as git reads CR LF) into `values`;
 * false when it cannot be read with certainty.
 */
function readLine(
  raw: string,
  place: Place,
  want: { keys: readonly string[]; values: ConfigValues },
): boolean {
  const sections = want.keys.map((key) => key.slice(0, key.lastIndexOf('.')));
  const line = trimBlanks(raw);
  const wasContinued = place.continued;
  const { end, quoted } = endOf(raw, place);
  place.continued = end === 'next';
  place.quoted = quoted;
  if (wasContinued) return end !== 'bad' && !sections.includes(place.section);
  if (end === 'bad' || !LINE_START.test(line)) return false;
  if (line === '' || /^[#;]/.test(line)) return true;
  if (line.startsWith('[')) {
    const next = sectionOf(line);
    place.section = next ?? '';
    return next !== null;
  }
  return !sections.includes(place.section) || readEntry(line, place.section, want);
}

/**
 * The last value of each of `keys` (`section.key`, lower case) in a config file's text; null
 * when a line in a section that holds one of them is not plain.
 */
export function configValues(text: string, keys: readonly string[]): ConfigValues | null {
  const values: ConfigValues = new Map();
  const place = { section: '', continued: false, quoted: false };
  // git skips a UTF-8 byte order mark at the start of a file.
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    if (!readLine(raw.replace(/\r$/, ''), place, { keys, values })) return null;
  }
  return values;
}

/** git's reading of a boolean (`true`: a key without `=`); null when it is not one. */
export function configBool(value: string | true | undefined): boolean | null | undefined {
  if (value === undefined) return undefined;
  if (value === true) return true;
  const word = value.toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(word)) return true;
  if (['false', 'no', 'off', '0', ''].includes(word)) return false;
  return null;
}
