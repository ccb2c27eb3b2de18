// The few most recent values by id, each kept while its key (e.g. a file's size and mtime) is unchanged. A value under
// way is shared by the requests that arrive meanwhile; a failed one is not kept.

export class RecentPromises<V> {
  private readonly held = new Map<string, { key: string; value: Promise<V> }>();
  constructor(private readonly capacity: number) {}

  /** The value of `id` made under `key`, or a new one from `make` (the old one dropped first, freeing it). */
  get(id: string, key: string, make: () => Promise<V>): Promise<V> {
    const hit = this.held.get(id);
    this.held.delete(id); // re-inserted below: the most recent last
    if (hit && hit.key === key) {
      this.held.set(id, hit);
      return hit.value;
    }
    const entry = { key, value: make() };
    this.held.set(id, entry);
    entry.value.catch(() => { if (this.held.get(id) === entry) this.held.delete(id); });
    while (this.held.size > this.capacity) this.held.delete(this.held.keys().next().value!);
    return entry.value;
  }

  /** Forget every value. */
  clear(): void { this.held.clear(); }
}
