// The resident activations: a map per type (lookups hash only the key, no concatenated id string)
// and an intrusive doubly linked list in least-recently-used order, so `touch` on every run of turns
// is O(1) pointer work instead of a map delete + re-insert.

export interface TableEntry {
  readonly self: { readonly type: string; readonly key: string };
  lruPrev: TableEntry | null;
  lruNext: TableEntry | null;
}

export class ActivationTable<T extends TableEntry> {
  private readonly byType = new Map<string, Map<string, T>>();
  private head: T | null = null; // least recently used
  private tail: T | null = null; // most recently used
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(type: string, key: string): T | undefined {
    return this.byType.get(type)?.get(key);
  }

  /** Adds (or replaces) the entry for its (type, key) as the most recently used. */
  set(entry: T): void {
    let keys = this.byType.get(entry.self.type);
    if (!keys) {
      keys = new Map();
      this.byType.set(entry.self.type, keys);
    }
    const previous = keys.get(entry.self.key);
    if (previous) this.unlink(previous);
    else this.count++;
    keys.set(entry.self.key, entry);
    this.append(entry);
  }

  /** Removes the entry if it is still the one registered for its (type, key). */
  delete(entry: T): boolean {
    const keys = this.byType.get(entry.self.type);
    if (keys?.get(entry.self.key) !== entry) return false;
    keys.delete(entry.self.key);
    if (keys.size === 0) this.byType.delete(entry.self.type);
    this.unlink(entry);
    this.count--;
    return true;
  }

  touch(entry: T): void {
    if (this.tail === entry || this.get(entry.self.type, entry.self.key) !== entry) return;
    this.unlink(entry);
    this.append(entry);
  }

  /** Least recently used first; entries may be deleted while iterating. */
  *values(): IterableIterator<T> {
    let entry = this.head;
    while (entry) {
      const next = entry.lruNext as T | null;
      yield entry;
      entry = next;
    }
  }

  private append(entry: T): void {
    entry.lruPrev = this.tail;
    entry.lruNext = null;
    if (this.tail) this.tail.lruNext = entry;
    else this.head = entry;
    this.tail = entry;
  }

  private unlink(entry: T): void {
    if (entry.lruPrev) entry.lruPrev.lruNext = entry.lruNext;
    else if (this.head === entry) this.head = entry.lruNext as T | null;
    if (entry.lruNext) entry.lruNext.lruPrev = entry.lruPrev;
    else if (this.tail === entry) this.tail = entry.lruPrev as T | null;
    entry.lruPrev = null;
    entry.lruNext = null;
  }
}
