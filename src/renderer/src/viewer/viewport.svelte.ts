/// <reference types="svelte" />
/**
 * The shared view transform of one or more ImageViews: pass the same `Viewport` to several views and their
 * zoom and pan stay in sync. Reactive (`$state`) fields; the maths is in viewport-math.ts.
 *
 * `zoom` is screen (CSS) px per image px; (`centerX`, `centerY`) the image point at the centre of each view.
 * Pixel (col, row) covers [col, col+1) × [row, row+1), x right, y down.
 */
import {
  type ViewState, fitState, imageToScreen, panByState, screenToImage, zoomAtState,
} from './viewport-math.js';

export class Viewport {
  zoom = $state(1);
  centerX = $state(0);
  centerY = $state(0);
  /** False until fit/zoomAt/panBy/set has been called: an ImageView fits a fresh viewport to its image on first layout. */
  placed = $state(false);
  /** True while the view is as fit() left it (no zoom or pan since): views then refit when they resize. */
  fitted = $state(false);

  constructor(init?: Partial<ViewState>) {
    if (init) this.set(init);
  }

  /** Sets any of zoom / centre directly (e.g. restoring a saved view). */
  set(s: Partial<ViewState>): void {
    if (s.zoom !== undefined) this.zoom = s.zoom;
    if (s.centerX !== undefined) this.centerX = s.centerX;
    if (s.centerY !== undefined) this.centerY = s.centerY;
    this.placed = true;
    this.fitted = false;
  }

  get state(): ViewState {
    return { zoom: this.zoom, centerX: this.centerX, centerY: this.centerY };
  }

  /** Whole image centred, as large as fits in a viewW × viewH view. */
  fit(imageW: number, imageH: number, viewW: number, viewH: number): void {
    const s = fitState(imageW, imageH, viewW, viewH);
    this.zoom = s.zoom;
    this.centerX = s.centerX;
    this.centerY = s.centerY;
    this.placed = true;
    this.fitted = true;
  }

  /** Zoom by `factor` about screen point (screenX, screenY): the image point under it stays under it. */
  zoomAt(factor: number, screenX: number, screenY: number, viewW: number, viewH: number): void {
    this.set(zoomAtState(this.state, factor, screenX, screenY, viewW, viewH));
  }

  /** Move the image by (dx, dy) screen px, as a drag does. */
  panBy(dxScreen: number, dyScreen: number): void {
    this.set(panByState(this.state, dxScreen, dyScreen));
  }

  imageToScreen(x: number, y: number, viewW: number, viewH: number): [number, number] {
    return imageToScreen(this, x, y, viewW, viewH);
  }

  screenToImage(sx: number, sy: number, viewW: number, viewH: number): [number, number] {
    return screenToImage(this, sx, sy, viewW, viewH);
  }
}
