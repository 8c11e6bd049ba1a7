/**
 * A bounded map that keeps the most recently used entries: for results of work on what anyone may
 * type, where the same inputs come again and again but the set of inputs has no end.
 *
 * Two generations instead of an exact LRU: entries go into the young map; when it holds half the
 * capacity it becomes the old one and the previous old one is dropped; an old entry used again moves
 * back into the young map. It keeps at least the capacity/2 most recently used entries and never
 * more than the capacity, at O(1) a call. (An LRU over one Map deletes and re-inserts; the holes
 * that leaves made finding the oldest entry cost microseconds at these sizes.)
 */
export class RecentCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly generation: number;

  constructor(capacity: number) {
    this.generation = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: string): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** Entries held (one used again may be held twice until its old generation goes). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}
