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

  /** Save the window state soon (called from an $effect that reads `win`). */
  persist(): void {
    const snapshot = $state.snapshot(this.win) as WindowState;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => saveWindowState(snapshot), 200);
  }
}
