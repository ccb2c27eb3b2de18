// Interface state that is not the document: the window layout (remembered in localStorage), the active tool,
// the pointer readout, overlays. Changes are saved a moment after they happen.

import { loadWindowState, saveWindowState, type WindowState } from './persist.js';
import type { ToolName } from '../tools/shapes.js';

export class UiStore {
  win = $state<WindowState>(loadWindowState());
  tool = $state<ToolName>('pan');
  /** Image coordinates under the pointer, and which panel. */
  hover = $state<{ x: number; y: number } | null>(null);
  showHelp = $state(false);
  /** The Import dialog: closed (null), open empty ([]), or open with files dropped on the window. */
  importing = $state.raw<File[] | null>(null);
  /** A polygon being drawn: its vertices so far. */
  drawing = $state.raw<[number, number][] | null>(null);
  /** Shape or line being dragged, shown while dragging. */
  rubber = $state.raw<{ kind: 'line' | 'rect' | 'ellipse'; ax: number; ay: number; bx: number; by: number } | null>(null);
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private pending: WindowState | null = null;

  constructor() {
    // A reload or a closed tab right after a change still keeps it.
    if (typeof window !== 'undefined') window.addEventListener('pagehide', () => this.flush());
  }

  /** Save the window state soon (called from an $effect that reads `win`). */
  persist(): void {
    this.pending = $state.snapshot(this.win) as WindowState;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flush(), 200);
  }

  /** Save a pending change now. */
  flush(): void {
    clearTimeout(this.saveTimer);
    if (this.pending) saveWindowState(this.pending);
    this.pending = null;
  }
}
