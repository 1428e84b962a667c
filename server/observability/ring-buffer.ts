// A fixed-capacity ring: pushing onto a full ring overwrites the oldest item. Recent history
// (metrics ticks, lifecycle events) is kept in these, so memory stays constant however long the
// process runs and however busy it is.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  /** Index of the oldest item. */
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  /** The newest `limit` items, newest first. */
  newest(limit: number): T[] {
    const n = Math.min(limit, this.count);
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.items[(this.start + this.count - 1 - i) % this.capacity] as T;
    return out;
  }

  /** The oldest item, if any. */
  oldest(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.start];
  }
}
