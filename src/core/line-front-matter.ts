/**
 * Front matter read line by line, for agent files that are not valid YAML but that Claude Code
 * loads all the same: its generated descriptions hold unquoted colons ("Examples: <example>
 * Context: ... user: '...' assistant: '...'"), which YAML reads as nested mappings.
 */

/** A top-level `key: value` line: a plain key at the start of the line. */
const KEY_LINE = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*))?$/;

/** The value as written, without one pair of matching quotes around it. */
function unquoted(raw: string): string {
  const value = raw.trim();
  const quoted = /^(["']).*\1$/s.test(value) && value.length >= 2;
  return quoted ? value.slice(1, -1) : value;
}

/**
 * The fields of front matter `lines` (without the `---` markers): each top-level `key: value`
 * line is a field whose value is the rest of the line as text; indented lines continue the
 * field above. Null when a line is neither, or a key repeats (nothing is guessed then).
 */
export function lineFields(lines: readonly string[]): Record<string, string> | null {
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const line of lines) {
    const match = KEY_LINE.exec(line);
    if (match !== null) {
      last = match[1] as string;
      if (fields.has(last)) return null;
      fields.set(last, match[2] ?? '');
    } else if (last !== null && /^[ \t]/.test(line)) {
      fields.set(last, `${fields.get(last) ?? ''}\n${line.trim()}`);
    } else if (line.trim() !== '' && !line.startsWith('#')) {
      return null;
    }
  }
  return Object.fromEntries([...fields].map(([k, v]) => [k, unquoted(v)]));
}

/** Front matter and body of a text whose first line is `---`, split at the next `---` line. */
export function lineSplit(text: string): { fields: Record<string, string>; body: string } | null {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[0]?.trimEnd() !== '---') return null;
  const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  if (end < 0) return null;
  const fields = lineFields(lines.slice(1, end));
  if (fields === null) return null;
  return { fields, body: lines.slice(end + 1).join('\n') };
}
