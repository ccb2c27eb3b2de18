/**
 * Pure view-transform maths behind `Viewport` (no DOM, no runes), unit-tested in tests/unit/viewer.
 *
 * Conventions: image pixel (col, row) covers [col, col+1) × [row, row+1); image x to the right, y down
 * (as src/compute/quant). Screen coordinates are CSS pixels from the view's top-left corner, y down.
 * `zoom` is screen px per image px; (centerX, centerY) is the image point at the centre of the view.
 */

export interface ViewState {
  zoom: number;
  centerX: number;
  centerY: number;
}

/** Zoom limits: 1/64 (a 64k-pixel-wide image in 1000 px) to 256 screen px per image px. */
export const MIN_ZOOM = 1 / 64;
export const MAX_ZOOM = 256;

export function clampZoom(zoom: number, min = MIN_ZOOM, max = MAX_ZOOM): number {
  if (!Number.isFinite(zoom) || zoom <= 0) return min;
  return Math.min(max, Math.max(min, zoom));
}

/** Image → screen. */
export function imageToScreen(s: ViewState, x: number, y: number, viewW: number, viewH: number): [number, number] {
  return [(x - s.centerX) * s.zoom + viewW / 2, (y - s.centerY) * s.zoom + viewH / 2];
}

/** Screen → image (the inverse of imageToScreen). */
export function screenToImage(s: ViewState, sx: number, sy: number, viewW: number, viewH: number): [number, number] {
  return [(sx - viewW / 2) / s.zoom + s.centerX, (sy - viewH / 2) / s.zoom + s.centerY];
}

/** The whole image, centred, as large as fits (aspect kept). Degenerate sizes give zoom 1 on the image centre. */
export function fitState(imageW: number, imageH: number, viewW: number, viewH: number): ViewState {
  const ok = imageW > 0 && imageH > 0 && viewW > 0 && viewH > 0;
  const zoom = ok ? clampZoom(Math.min(viewW / imageW, viewH / imageH)) : 1;
  return { zoom, centerX: Math.max(0, imageW) / 2, centerY: Math.max(0, imageH) / 2 };
}

/**
 * Multiplies the zoom by `factor` (clamped to the limits) keeping the image point under screen (sx, sy) where it is.
 */
export function zoomAtState(s: ViewState, factor: number, sx: number, sy: number, viewW: number, viewH: number): ViewState {
  const [px, py] = screenToImage(s, sx, sy, viewW, viewH);
  const zoom = clampZoom(s.zoom * (Number.isFinite(factor) && factor > 0 ? factor : 1));
  return { zoom, centerX: px - (sx - viewW / 2) / zoom, centerY: py - (sy - viewH / 2) / zoom };
}

/** Moves the image with the pointer: dragging right by dx screen px shows what was to the left. */
export function panByState(s: ViewState, dxScreen: number, dyScreen: number): ViewState {
  return { zoom: s.zoom, centerX: s.centerX - dxScreen / s.zoom, centerY: s.centerY - dyScreen / s.zoom };
}

/** The image-space rectangle visible in the view: [x0, y0, x1, y1]. */
export function visibleRect(s: ViewState, viewW: number, viewH: number): [number, number, number, number] {
  const [x0, y0] = screenToImage(s, 0, 0, viewW, viewH);
  const [x1, y1] = screenToImage(s, viewW, viewH, viewW, viewH);
  return [x0, y0, x1, y1];
}

/** The pixel (col, row) holding image point (x, y), or null outside a width × height image. */
export function pixelAt(x: number, y: number, width: number, height: number): { col: number; row: number } | null {
  const col = Math.floor(x);
  const row = Math.floor(y);
  if (!(col >= 0 && row >= 0 && col < width && row < height)) return null;
  return { col, row };
}

/** Zoom factor for one wheel event: 2× per ~460 px of wheel delta (about 4 notches of a mouse wheel). */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const clamped = Math.max(-600, Math.min(600, px));
  return Math.exp(-clamped * 0.0015);
}
