import { describe, expect, it } from 'vitest';
import { UndoStack, clone } from '../../../src/renderer/src/stores/undo.js';

describe('UndoStack', () => {
  it('undoes and redoes whole snapshots, and a new edit clears the redo steps', () => {
    const u = new UndoStack<{ n: number }>();
    let doc = { n: 0 };
    for (const n of [1, 2, 3]) {
      u.record(doc);
      doc = { n };
    }
    expect(u.canUndo).toBe(true);
    doc = u.undo(doc)!;
    expect(doc).toEqual({ n: 2 });
    doc = u.undo(doc)!;
    expect(doc).toEqual({ n: 1 });
    expect(u.canRedo).toBe(true);
    doc = u.redo(doc)!;
    expect(doc).toEqual({ n: 2 });
    u.record(doc);
    doc = { n: 9 };
    expect(u.canRedo).toBe(false);
    expect(u.redo(doc)).toBeUndefined();
    expect(u.undo(doc)).toEqual({ n: 2 });
  });

  it('stores copies: changing the document later does not change history', () => {
    const u = new UndoStack<{ list: number[] }>();
    const doc = { list: [1] };
    u.record(doc);
    doc.list.push(2);
    expect(u.undo(doc)).toEqual({ list: [1] });
  });

  it('coalesces a burst of edits with the same key into one step', () => {
    let t = 0;
    const u = new UndoStack<number>({ coalesceMs: 500, now: () => t });
    let v = 0;
    for (let k = 1; k <= 5; k++) {
      u.record(v, 'slider');
      v = k;
      t += 100;
    }
    t += 1000; // a pause: the next drag is a new step
    u.record(v, 'slider');
    v = 10;
    expect(u.undo(v)).toBe(5);
    expect(u.undo(5)).toBe(0);
    expect(u.canUndo).toBe(false);
  });

  it('does not coalesce different keys, and drops the oldest steps beyond the limit', () => {
    const u = new UndoStack<number>({ limit: 3, now: () => 0 });
    u.record(0, 'a');
    u.record(1, 'b');
    u.record(2);
    u.record(3);
    expect(u.undo(4)).toBe(3);
    expect(u.undo(3)).toBe(2);
    expect(u.undo(2)).toBe(1);
    expect(u.undo(1)).toBeUndefined();
  });

  it('clone copies plain data deeply', () => {
    const a = { x: [1, { y: 2 }] };
    const b = clone(a);
    expect(b).toEqual(a);
    expect(b.x).not.toBe(a.x);
  });
});
