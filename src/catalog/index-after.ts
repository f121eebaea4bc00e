/**
 * Lookups that start as scans and turn into an index: a search looks up a few dozen terms, an
 * evaluation thousands, so the first lookups each scan (cheap alone) and, past INDEX_AFTER, an
 * index is built once and answers every later term it can (search-stats.ts, everyday-words.ts).
 */

/**
 * Lookups a caller could not answer from its cache before an index is built: a single search
 * makes a few dozen, an evaluation over one catalog thousands.
 */
export const INDEX_AFTER = 200;

/**
 * Whether an index of words answers for a term as a scan of the text does: any term but the
 * empty one and those with a space or a colon (none a search makes), which are scanned for.
 */
const indexable = (term: string): boolean =>
  term !== '' && !term.includes(' ') && !term.includes(':');

/** Counts lookups, and builds an index once past {@link INDEX_AFTER}. */
export class IndexAfter<T> {
  private looked = 0;
  private index: Map<string, T> | null = null;

  constructor(private readonly build: () => Map<string, T>) {}

  /**
   * Counts one lookup of `term` its caller could not answer from its cache; the index when it
   * answers this lookup (past INDEX_AFTER, an indexable term), else null for a scan.
   */
  indexFor(term: string): Map<string, T> | null {
    if (++this.looked <= INDEX_AFTER || !indexable(term)) return null;
    this.index ??= this.build();
    return this.index;
  }
}
