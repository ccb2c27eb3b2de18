// Keyboard shortcuts: which key does what, and the list the help overlay shows.

export type Action =
  | 'fuse' | 'cancel' | 'tool-pan' | 'tool-line' | 'tool-region' | 'tool-point' | 'tool-rect' | 'tool-ellipse' | 'tool-polygon'
  | 'fit' | 'zoom-in' | 'zoom-out' | 'undo' | 'redo' | 'delete' | 'help' | 'theme' | 'split';

export interface KeyLike { key: string; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; altKey?: boolean }

export const SHORTCUTS: readonly { keys: string; action: Action; what: string }[] = [
  { keys: 'F', action: 'fuse', what: 'Fuse the selected dataset' },
  { keys: 'Esc', action: 'cancel', what: 'Cancel the running fusion, or the shape being drawn' },
  { keys: 'V', action: 'tool-pan', what: 'Pan / zoom tool (drag to pan, wheel to zoom)' },
  { keys: 'L', action: 'tool-line', what: 'Line-profile tool (drag a line)' },
  { keys: 'R', action: 'tool-region', what: 'Region tool: click a pixel (cycles point → rectangle → ellipse → polygon)' },
  { keys: 'P', action: 'tool-point', what: 'Point-measure tool' },
  { keys: '0', action: 'fit', what: 'Fit the images to their panels' },
  { keys: '+ / −', action: 'zoom-in', what: 'Zoom in / out' },
  { keys: 'Ctrl+Z', action: 'undo', what: 'Undo a region, profile or display edit' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'redo', what: 'Redo' },
  { keys: 'Delete', action: 'delete', what: 'Delete the selected region or profile' },
  { keys: 'S', action: 'split', what: 'Raw | fused split view on or off' },
  { keys: 'T', action: 'theme', what: 'Light / dark theme' },
  { keys: '?', action: 'help', what: 'Show these shortcuts' },
];

/** The action of a key press, or null. Keys typed into a text field are the field's (the caller checks the target). */
export function actionFor(e: KeyLike): Action | null {
  const mod = !!(e.ctrlKey || e.metaKey);
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (k === 'y') return 'redo';
    return null;
  }
  if (e.altKey) return null;
  switch (k) {
    case 'f': return 'fuse';
    case 'Escape': return 'cancel';
    case 'v': return 'tool-pan';
    case 'l': return 'tool-line';
    case 'r': return 'tool-region';
    case 'p': return 'tool-point';
    case '0': return 'fit';
    case '+': case '=': return 'zoom-in';
    case '-': case '_': return 'zoom-out';
    case 'Delete': case 'Backspace': return 'delete';
    case 's': return 'split';
    case 't': return 'theme';
    case '?': return 'help';
    default: return null;
  }
}

/** True when the key press belongs to a text field, select or editable element, not to the shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || el.isContentEditable) return true;
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['checkbox', 'radio', 'button', 'range', 'submit'].includes(type);
  }
  return false;
}

/** The next region tool when R is pressed again. */
export function nextRegionTool(current: string): 'point' | 'rect' | 'ellipse' | 'polygon' {
  const order = ['point', 'rect', 'ellipse', 'polygon'] as const;
  const i = order.indexOf(current as (typeof order)[number]);
  return i < 0 ? 'point' : order[(i + 1) % order.length]!;
}
