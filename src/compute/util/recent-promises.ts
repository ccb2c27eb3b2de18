// The few most recent values by id, each kept while its key (e.g. a file's size and mtime) is unchanged. A value under
// way is shared by the requests that arrive meanwhile; a failed one is not kept. With a byte budget, older values are
// dropped before a new one is made whenever the values held plus the new one's expected size would exceed it, and
// again once its true size is known (the newest is always kept: one value larger than the budget is held alone).

/** How many bytes the held values may take, and how to weigh one. */
export interface ByteBudget<V> { bytes: number; sizeOf: (value: V) => number }

interface Entry<V> { key: string; value: Promise<V>; bytes: number }

export class RecentPromises<V> {
  private readonly held = new Map<string, Entry<V>>();
  constructor(private readonly capacity: number, private readonly budget: ByteBudget<V> | null = null) {}

  /**
   * The value of `id` made under `key`, or a new one from `make` (the old one dropped first, freeing it).
   * `expectedBytes`: the new value's size as far as known before it is made (e.g. the file's), for the budget.
   */
  get(id: string, key: string, make: () => Promise<V>, expectedBytes = 0): Promise<V> {
    const hit = this.held.get(id);
    this.held.delete(id); // re-inserted below: the most recent last
    if (hit && hit.key === key) {
      this.held.set(id, hit);
      return hit.value;
    }
    if (this.budget) this.dropOldestUntil(this.budget.bytes - expectedBytes);
    const entry: Entry<V> = { key, value: make(), bytes: expectedBytes };
    this.held.set(id, entry);
    entry.value.then(
      (v) => {
        if (!this.budget) return;
        entry.bytes = this.budget.sizeOf(v); // its true size known: older values go while they and it exceed the budget
        while (this.held.size > 1 && this.heldBytes() > this.budget.bytes && this.held.keys().next().value !== id) this.held.delete(this.held.keys().next().value!);
      },
      () => { if (this.held.get(id) === entry) this.held.delete(id); },
    );
    while (this.held.size > this.capacity) this.held.delete(this.held.keys().next().value!);
    return entry.value;
  }

  /** Bytes the held values take (their expected size while under way). */
  heldBytes(): number {
    let s = 0;
    for (const e of this.held.values()) s += e.bytes;
    return s;
  }

  /** Drop the oldest values while the held ones take more than `bytes`. */
  private dropOldestUntil(bytes: number): void {
    while (this.held.size > 0 && this.heldBytes() > bytes) this.held.delete(this.held.keys().next().value!);
  }

  /** Forget every value. */
  clear(): void { this.held.clear(); }
}
