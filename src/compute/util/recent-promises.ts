// The few most recent values by id, each kept while its key (e.g. a file's size and mtime) is unchanged. A value under
// way is shared by the requests that arrive meanwhile; a failed one is not kept. With a byte budget, older values are
// dropped before a new one is made whenever the values held plus the new one's expected size would exceed it, and
// again once its true size is known (the newest is always kept: one value larger than the budget is held alone).
// A value still under way is never dropped: its callers hold it anyway, so dropping it frees nothing and would only
// make the next request for it start it a second time.

/** How many bytes the held values may take, and how to weigh one. */
export interface ByteBudget<V> { bytes: number; sizeOf: (value: V) => number }

interface Entry<V> { key: string; value: Promise<V>; bytes: number; settled: boolean }

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
    if (this.budget) this.dropOldest(null, this.budget.bytes - expectedBytes);
    const entry: Entry<V> = { key, value: make(), bytes: expectedBytes, settled: false };
    this.held.set(id, entry);
    entry.value.then(
      (v) => {
        entry.settled = true;
        if (this.held.get(id) !== entry) return; // replaced meanwhile: nothing of it is held
        if (this.budget) entry.bytes = this.budget.sizeOf(v); // its true size known: older values go while they and it exceed the budget
        this.dropOldest(id, this.budget ? this.budget.bytes : Infinity);
      },
      () => {
        entry.settled = true;
        if (this.held.get(id) === entry) this.held.delete(id);
      },
    );
    this.dropOldest(id, Infinity);
    return entry.value;
  }

  /** Bytes the held values take (their expected size while under way). */
  heldBytes(): number {
    let s = 0;
    for (const e of this.held.values()) s += e.bytes;
    return s;
  }

  /** Drop the oldest settled values (never `keep`) while more than `capacity` are held or they take more than `bytes`. */
  private dropOldest(keep: string | null, bytes: number): void {
    for (const [id, e] of [...this.held]) {
      if (this.held.size <= this.capacity && this.heldBytes() <= bytes) return;
      if (id !== keep && e.settled) this.held.delete(id);
    }
  }

  /** Forget every value. */
  clear(): void { this.held.clear(); }
}
