/**
 * A FIFO with O(1) push and shift and an optional capacity. Backs mailboxes and the scheduler's
 * ready lists, where Array#shift would turn long queues quadratic.
 */
const EMPTY: readonly unknown[] = Object.freeze([]);

export class Queue<T> {
  // Most mailboxes are empty most of the time: share one empty array until the first push.
  private items: (T | undefined)[] = EMPTY as (T | undefined)[];
  private head = 0;

  constructor(readonly capacity = Number.POSITIVE_INFINITY) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get isFull(): boolean {
    return this.size >= this.capacity;
  }

  /** Returns false (and keeps nothing) when the queue is full. */
  push(item: T): boolean {
    if (this.size >= this.capacity) return false;
    if (this.items === EMPTY) this.items = [];
    this.items.push(item);
    return true;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    // Compact once the consumed prefix dominates, keeping memory proportional to the live size.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    } else if (this.head === this.items.length) {
      this.items = EMPTY as (T | undefined)[];
      this.head = 0;
    }
    return item;
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  /** Removes every item matching `predicate`, in order; returns the removed ones. */
  removeWhere(predicate: (item: T) => boolean): T[] {
    const removed: T[] = [];
    const kept: T[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i] as T;
      (predicate(item) ? removed : kept).push(item);
    }
    if (removed.length > 0) {
      this.items = kept.length > 0 ? kept : (EMPTY as (T | undefined)[]);
      this.head = 0;
    }
    return removed;
  }

  drainAll(): T[] {
    const all = this.items.slice(this.head) as T[];
    this.items = EMPTY as (T | undefined)[];
    this.head = 0;
    return all;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }
}
