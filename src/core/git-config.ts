/**
 * A few values of a git config file's text, read only where the reading is certain: plain
 * `[section]` headers and `key = value` lines. Anything git could read differently from this
 * (quotes, escapes, continued lines, text after a header) in a section asked about makes the
 * answer null, and the caller leaves the work to git.
 */

/** Values by `section.key` (lower case); `true` for a key given without `=` (git's boolean). */
export type ConfigValues = Map<string, string | true>;

const HEADER = /^\[([^\]]*)\]\s*(?:[#;].*)?$/;
const ENTRY = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=(.*))?$/;

/** The section a header names (lower case), or null for one this reader cannot be sure of. */
function sectionOf(line: string): string | null {
  const header = HEADER.exec(line);
  if (header === null) return null;
  const name = (header[1] as string).trim();
  // A subsection (`[remote "origin"]`) never holds a key asked about: a name that cannot match.
  return /^[A-Za-z0-9.-]+$/.test(name) ? name.toLowerCase() : `"${name}"`;
}

/** A value's text with its comment and surrounding blanks removed; null when not plain. */
function plainValue(raw: string): string | null {
  if (/["\\]/.test(raw)) return null;
  // git turns every run of blanks inside a value into one space.
  return raw
    .replace(/[#;].*$/, '')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Where the reading is: the section, and whether the previous line went on to this one. */
interface Place {
  section: string;
  continued: boolean;
}

/** Reads one line into `values`; false when it cannot be read with certainty. */
function readLine(
  line: string,
  place: Place,
  want: { keys: readonly string[]; values: ConfigValues },
): boolean {
  const sections = want.keys.map((key) => key.slice(0, key.lastIndexOf('.')));
  const wasContinued = place.continued;
  place.continued = /(^|[^\\])(\\\\)*\\$/.test(line);
  if (wasContinued) return !sections.includes(place.section);
  if (line === '' || line.startsWith('#') || line.startsWith(';')) return true;
  if (line.startsWith('[')) {
    const next = sectionOf(line);
    place.section = next ?? '';
    return next !== null;
  }
  if (!sections.includes(place.section)) return true;
  const entry = ENTRY.exec(line);
  if (entry === null) return false;
  const key = `${place.section}.${(entry[1] as string).toLowerCase()}`;
  if (!want.keys.includes(key)) return true;
  const value = entry[2] === undefined ? true : plainValue(entry[2]);
  if (value !== null) want.values.set(key, value);
  return value !== null;
}

/**
 * The last value of each of `keys` (`section.key`, lower case) in a config file's text; null
 * when a line in a section that holds one of them is not plain.
 */
export function configValues(text: string, keys: readonly string[]): ConfigValues | null {
  const values: ConfigValues = new Map();
  const place = { section: '', continued: false };
  for (const raw of text.split('\n')) {
    if (!readLine(raw.trim(), place, { keys, values })) return null;
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
