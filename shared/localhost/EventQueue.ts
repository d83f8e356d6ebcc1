/**
 * A partition's pending events in sequence order: appended at the back, taken from the front a batch at a
 * time. Taking from the front of a plain array (`splice(0, n)`) moves every event behind the batch; under
 * load, with tens of thousands pending, that copying was ~5% of the local host's CPU. Here the front is an
 * index, and the array is compacted only once the taken part outweighs the rest.
 */
export class EventQueue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(list: readonly T[]): void {
    for (const item of list) this.items.push(item);
  }

  /** Puts `list` in front of what is queued (a replay goes before newer events). */
  prepend(list: readonly T[]): void {
    this.items = [...list, ...this.items.slice(this.head)];
    this.head = 0;
  }

  /** The first `count` events (fewer when fewer are queued), left in the queue. */
  peek(count: number): T[] {
    return this.items.slice(this.head, this.head + count);
  }

  /** Index (from the front) of the first event that `predicate` holds for, or -1. */
  findIndex(predicate: (item: T) => boolean): number {
    for (let i = this.head; i < this.items.length; i += 1) if (predicate(this.items[i] as T)) return i - this.head;
    return -1;
  }

  /** Removes the first `count` events. */
  drop(count: number): void {
    this.head = Math.min(this.head + count, this.items.length);
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
