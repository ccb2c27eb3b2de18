// Undo/redo of the user's edits (regions of interest, line profiles, display settings) as whole snapshots.
//
// The document is small (a few shapes and per-element display numbers), so every edit stores the state before it;
// undo swaps the current state with the last stored one. Edits that arrive in a burst under the same key (a slider
// dragged, a number typed) coalesce into one step, so one Ctrl+Z undoes the whole drag.

export interface UndoOptions {
  /** Steps kept (default 200); the oldest are dropped. */
  limit?: number;
  /** Edits with the same key closer than this (ms) coalesce into one step (default 800). */
  coalesceMs?: number;
  /** Clock (tests pass their own). */
  now?: () => number;
}

export class UndoStack<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | null = null;
  private lastTime = -Infinity;
  private readonly limit: number;
  private readonly coalesceMs: number;
  private readonly now: () => number;

  constructor(options: UndoOptions = {}) {
    this.limit = Math.max(1, options.limit ?? 200);
    this.coalesceMs = options.coalesceMs ?? 800;
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Record that the document is about to change from `before`. With a `key`, a record within coalesceMs of the
   * previous one with the same key adds no step (the step already holds the state before the burst).
   */
  record(before: T, key?: string): void {
    const t = this.now();
    const merge = key !== undefined && key === this.lastKey && t - this.lastTime <= this.coalesceMs && this.past.length > 0;
    this.lastKey = key ?? null;
    this.lastTime = t;
    this.future = [];
    if (merge) return;
    this.past.push(clone(before));
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
  }

  /** The state to restore, given the current one (which becomes redoable); undefined when there is nothing to undo. */
  undo(current: T): T | undefined {
    const prev = this.past.pop();
    if (prev === undefined) return undefined;
    this.future.push(clone(current));
    this.lastKey = null;
    return prev;
  }

  redo(current: T): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(clone(current));
    this.lastKey = null;
    return next;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  clear(): void {
    this.past = [];
    this.future = [];
    this.lastKey = null;
  }
}

/** A deep copy of plain data (numbers, strings, arrays, objects). */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
