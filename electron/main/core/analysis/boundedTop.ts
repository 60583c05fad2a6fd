/**
 * The `capacity` items with the highest scores seen so far, in O(capacity) memory: a min-heap
 * whose root is the weakest item kept. Ask `accepts(score)` before building an item, so a
 * stream of millions allocates only for the few that make it in.
 */
export class BoundedTop<T> {
  private readonly scores: number[] = [];
  private readonly items: T[] = [];

  constructor(private readonly capacity: number) {}

  accepts(score: number): boolean {
    return this.scores.length < this.capacity || score > this.scores[0]!;
  }

  offer(score: number, item: T): void {
    if (!this.accepts(score)) return;
    if (this.scores.length < this.capacity) {
      this.scores.push(score);
      this.items.push(item);
      this.siftUp(this.scores.length - 1);
      return;
    }
    this.scores[0] = score;
    this.items[0] = item;
    this.siftDown(0);
  }

  /** Highest score first. */
  sorted(): T[] {
    return this.items
      .map((item, i) => ({ item, score: this.scores[i]! }))
      .sort((a, b) => b.score - a.score)
      .map((entry) => entry.item);
  }

  private swap(a: number, b: number): void {
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent]! <= this.scores[i]!) return;
      this.swap(parent, i);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.scores.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.scores[left]! < this.scores[smallest]!) smallest = left;
      if (right < n && this.scores[right]! < this.scores[smallest]!) smallest = right;
      if (smallest === i) return;
      this.swap(smallest, i);
      i = smallest;
    }
  }
}
