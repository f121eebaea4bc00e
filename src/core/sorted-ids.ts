/**
 * A set of ids kept as one sorted array: a read adds them in ascending order (the order it
 * reads files in), and looks them up by binary search. A `Set` of the 80,000 ids a targeted
 * read skips at 100,000 flags holds a hash table of about 3 MB, and as much again while it
 * grows; the array holds 8 bytes an id.
 */
export class SortedIds {
  private readonly ids: string[] = [];

  /** Adds an id; one that sorts before the last added is put in its place. */
  add(id: string): void {
    const { ids } = this;
    const last = ids[ids.length - 1];
    if (last === undefined || last < id) ids.push(id);
    else if (!this.has(id)) ids.splice(this.rank(id), 0, id);
  }

  /** True when the id was added. */
  has(id: string): boolean {
    return this.ids[this.rank(id)] === id;
  }

  /** How many ids were added. */
  get size(): number {
    return this.ids.length;
  }

  /** The index of the first added id not below `id`. */
  private rank(id: string): number {
    let low = 0;
    let high = this.ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ids[mid] as string) < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
