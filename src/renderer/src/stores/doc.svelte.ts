// What the user draws and adjusts on the images — regions, line profiles, display settings — with undo/redo.

import { DEFAULT_PALETTE, defaultDisplay, type ElementDisplay, type PaletteName } from '../tools/display.js';
import type { ProfileLine, Roi, RoiShape } from '../tools/shapes.js';
import { UndoStack, clone } from './undo.js';

export interface DocState {
  rois: Roi[];
  profiles: ProfileLine[];
  selectedRoi: number | null;
  selectedProfile: number | null;
  display: Record<string, ElementDisplay>;
  colormap: string;
  nextId: number;
}

export function emptyDoc(colormap = 'viridis'): DocState {
  return { rois: [], profiles: [], selectedRoi: null, selectedProfile: null, display: {}, colormap, nextId: 1 };
}

export class DocStore {
  state = $state<DocState>(emptyDoc());
  canUndo = $state(false);
  canRedo = $state(false);
  private readonly history = new UndoStack<DocState>();

  private snapshot(): DocState {
    return clone($state.snapshot(this.state) as DocState);
  }

  /** Apply `change` to the state as one undoable edit (`key` coalesces a burst of edits, e.g. a slider drag). */
  edit(change: (s: DocState) => void, key?: string): void {
    this.history.record(this.snapshot(), key);
    change(this.state);
    this.sync();
  }

  undo(): boolean {
    const prev = this.history.undo(this.snapshot());
    if (!prev) return false;
    this.state = prev;
    this.sync();
    return true;
  }

  redo(): boolean {
    const next = this.history.redo(this.snapshot());
    if (!next) return false;
    this.state = next;
    this.sync();
    return true;
  }

  private sync(): void {
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }

  /** The overlay palette new display entries take their colours from (the one the user chose last). */
  palette: PaletteName = DEFAULT_PALETTE;

  /** A fresh document for another dataset (display entries for its elements in `palette`'s colours), keeping the colour map. */
  reset(elements: readonly string[], palette: PaletteName = this.palette): void {
    this.palette = palette;
    const s = emptyDoc(this.state.colormap);
    elements.forEach((el, i) => (s.display[el] = defaultDisplay(i, palette)));
    this.state = s;
    this.history.clear();
    this.sync();
  }

  /** Display entries for elements that have none yet (a spectrum image's maps made after it opened); not an edit. */
  ensureDisplay(elements: readonly string[]): void {
    const missing = elements.filter((el) => !this.state.display[el]);
    if (missing.length === 0) return;
    const used = Object.keys(this.state.display).length;
    missing.forEach((el, i) => (this.state.display[el] = defaultDisplay(used + i)));
  }

  /** Display settings of `element` (created on first use, not an edit). */
  displayOf(element: string): ElementDisplay {
    return this.state.display[element] ?? defaultDisplay(Object.keys(this.state.display).length, this.palette);
  }

  addRoi(shape: RoiShape): number {
    let id = 0;
    this.edit((s) => {
      id = s.nextId++;
      const n = s.rois.length + 1;
      s.rois.push({ id, name: `R${n}`, shape });
      s.selectedRoi = id;
    });
    return id;
  }

  addProfile(line: Omit<ProfileLine, 'id' | 'name'>): number {
    let id = 0;
    this.edit((s) => {
      id = s.nextId++;
      s.profiles.push({ id, name: `P${s.profiles.length + 1}`, ...line });
      s.selectedProfile = id;
    });
    return id;
  }

  /** Delete the selected region, else the selected profile. */
  deleteSelected(): boolean {
    const { selectedRoi, selectedProfile } = this.state;
    if (selectedRoi !== null) {
      this.edit((s) => {
        s.rois = s.rois.filter((r) => r.id !== selectedRoi);
        s.selectedRoi = s.rois.at(-1)?.id ?? null;
      });
      return true;
    }
    if (selectedProfile !== null) {
      this.edit((s) => {
        s.profiles = s.profiles.filter((p) => p.id !== selectedProfile);
        s.selectedProfile = s.profiles.at(-1)?.id ?? null;
      });
      return true;
    }
    return false;
  }
}
