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

/** Blanks after a header: nothing, or a comment. */
const AFTER_HEADER = /^[ \t\r]*(?:[#;].*)?$/;

/**
 * A quoted subsection as git reads it from `text`, which starts at its opening quote: a
 * backslash takes the next character as it is (`\"`, `\\`), and the closing quote must be followed
 * by `]` at once. Its text and the rest of the line after the `]`, or null when git would refuse it.
 */
function quotedSubsection(text: string): { sub: string; rest: string } | null {
  if (!text.startsWith('"')) return null;
  let sub = '';
  for (let i = 1; i < text.length; i++) {
    let char = text[i] as string;
    if (char === '"') return text[i + 1] === ']' ? { sub, rest: text.slice(i + 2) } : null;
    if (char === '\\') char = text[++i] ?? '';
    if (char === '') return null;
    sub += char;
  }
  return null;
}

/**
 * The name a header gives its keys, as git spells it: the section in lower case, then a quoted
 * subsection as written (`[branch "Main"]`: `branch.Main`) or the deprecated dotted form in
 * lower case (`[branch.Main]`: `branch.main`). Null when this reader cannot be sure of it: text
 * after the header that is no comment, an include (which reads another file), a header git refuses.
 */
function sectionOf(line: string): string | null {
  const base = (/^\[([A-Za-z0-9.-]*)/.exec(line) as RegExpExecArray)[1] as string;
  let rest = line.slice(base.length + 1);
  let name = base.toLowerCase();
  if (/^[ \t\r]/.test(rest)) {
    const quoted = quotedSubsection(rest.replace(/^[ \t\r]+/, ''));
    if (quoted === null) return null;
    name = `${name}.${quoted.sub}`;
    rest = quoted.rest;
  } else if (rest.startsWith(']')) rest = rest.slice(1);
  else return null;
  if (base === '' || !AFTER_HEADER.test(rest)) return null;
  return /^include(?:if)?$/.test(base.toLowerCase()) ? null : name;
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

/** What a reading looks for, and what it finds. */
interface Want {
  keys: readonly string[];
  /** The sections of `keys`. */
  sections: readonly string[];
  values: ConfigValues;
  /** Sections read whole (`remote.`: every remote's), by the name after the prefix. */
  listed?: Listed;
}

/** Every section under a prefix: the names of those with a key, every key line checked. */
export interface Listed {
  prefix: string;
  found: Set<string>;
  /** True when git reads this key and value of such a section without failing. */
  check: (key: string, value: string | true) => boolean;
}

/** True when a section's lines must all be certain. */
function asked(want: Want, section: string): boolean {
  return want.sections.includes(section) || listedIn(want, section);
}

function listedIn(want: Want, section: string): boolean {
  return want.listed !== undefined && section.startsWith(want.listed.prefix);
}

/** Reads a key line of a section asked about into `values`; false when not certain. */
function readEntry(line: string, section: string, want: Want): boolean {
  const entry = ENTRY.exec(line);
  if (entry === null) return false;
  const name = (entry[1] as string).toLowerCase();
  const key = `${section}.${name}`;
  const listed = listedIn(want, section) ? want.listed : undefined;
  if (!want.keys.includes(key) && listed === undefined) return true;
  const value = entry[2] === undefined ? true : plainValue(entry[2]);
  if (value === null) return false;
  if (want.keys.includes(key)) want.values.set(key, value);
  if (listed === undefined) return true;
  listed.found.add(section.slice(listed.prefix.length));
  return listed.check(name, value);
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
function readLine(raw: string, place: Place, want: Want): boolean {
  const line = trimBlanks(raw);
  const wasContinued = place.continued;
  const { end, quoted } = endOf(raw, place);
  place.continued = end === 'next';
  place.quoted = quoted;
  if (wasContinued) return end !== 'bad' && !asked(want, place.section);
  if (end === 'bad' || !LINE_START.test(line)) return false;
  if (line === '' || /^[#;]/.test(line)) return true;
  if (line.startsWith('[')) {
    const next = sectionOf(line);
    place.section = next ?? '';
    return next !== null;
  }
  return !asked(want, place.section) || readEntry(line, place.section, want);
}

/** Reads every line into `want`; false when one cannot be read with certainty. */
function readText(text: string, want: Want): boolean {
  const place = { section: '', continued: false, quoted: false };
  // git skips a UTF-8 byte order mark at the start of a file.
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    if (!readLine(raw.replace(/\r$/, ''), place, want)) return false;
  }
  return true;
}

/** The section of a key as configValues takes it: all but its last part. */
function sectionOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('.'));
}

/**
 * The last value of each of `keys` in a config file's text; null when a line in a section that
 * holds one of them is not plain. A key is spelt as git compares it (see {@link canonicalKey}):
 * `section.key` or `section.Subsection.key`, section and key in lower case.
 */
export function configValues(text: string, keys: readonly string[]): ConfigValues | null {
  const values: ConfigValues = new Map();
  const want = { keys, sections: keys.map(sectionOfKey), values };
  return readText(text, want) ? values : null;
}

/**
 * The names of the sections under `listed.prefix` (`remote.`: the remotes) that hold a key, with
 * the values of `keys` beside them; null when a line of one of them is not plain, or a key line
 * fails `listed.check`.
 */
export function configSections(
  text: string,
  keys: readonly string[],
  listed: Listed,
): ConfigValues | null {
  const values: ConfigValues = new Map();
  const want = { keys, sections: keys.map(sectionOfKey), values, listed };
  return readText(text, want) ? values : null;
}

/**
 * A key as git compares it (`git config --get` canonicalises it so): the section before the first
 * dot and the key after the last in lower case, the subsection between them as given; null for
 * a key this reader leaves to git (non-ASCII, blanks, a part git refuses).
 */
export function canonicalKey(key: string): string | null {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (!/^[A-Za-z0-9-]+$/.test(key.slice(0, first)) || first === -1) return null;
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(key.slice(last + 1))) return null;
  const sub = first === last ? '' : key.slice(first, last);
  if (/[^\x21-\x7e]/.test(sub)) return null;
  return `${key.slice(0, first).toLowerCase()}${sub}.${key.slice(last + 1).toLowerCase()}`;
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
