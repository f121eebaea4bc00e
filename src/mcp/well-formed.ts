/**
 * Arguments of a tool call that hold a lone surrogate: half of a UTF-16 pair, which JSON-RPC
 * carries (`"\ud800"`) but no file can store. Written as UTF-8 it becomes U+FFFD, so a flag
 * created with one would not hold what its creator sent; the call is refused instead, as a
 * control character is. Only JSON can bring one: command lines and files are bytes.
 */
import { FlagstoreError } from '../core/errors.js';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string in a value (object keys included) that holds a lone surrogate, and where. */
function firstLone(value: unknown): { text: string; at: number } | null {
  const stack: unknown[] = [value];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next === 'string') {
      const at = next.search(LONE);
      if (at !== -1) return { text: next, at };
    } else if (next !== null && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) stack.push(key, child);
    }
  }
  return null;
}

/**
 * Throws an `invalid` error naming the first argument that holds a lone surrogate. It carries no
 * fix of its own: the server's `mcpFix` names the argument and the tool to call again, as it
 * does for every invalid argument.
 */
export function requireWellFormed(args: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(args)) {
    const lone = firstLone(value);
    if (lone === null) continue;
    const code = lone.text.charCodeAt(lone.at).toString(16).toUpperCase();
    throw new FlagstoreError(
      'invalid',
      `${field} holds a lone surrogate (U+${code}) at character ${lone.at + 1}: half of a UTF-16 pair, which a file cannot store (it would become U+FFFD); remove it, or send the whole pair`,
      { details: { field } },
    );
  }
}
