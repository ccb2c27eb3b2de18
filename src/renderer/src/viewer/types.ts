/** Types of the viewer components' props, for the panels that use them. */

/** What is under the pointer in an ImageView (onhover). */
export interface HoverInfo {
  /** Image coordinates of the pointer (continuous; pixel (col, row) covers [col, col+1) × [row, row+1)). */
  x: number;
  y: number;
  col: number;
  row: number;
  /** Single mode: the shown layer; overlay mode: every visible layer. */
  values: { name: string; value: number }[];
}

/** The argument of ImageView's `annotations` snippet. */
export interface AnnotationContext {
  /** Image → screen (CSS px from the view's top-left), for SVG children. */
  toScreen: (x: number, y: number) => [number, number];
  /** Screen px per image px. */
  zoom: number;
}

/** ImageView's onpointerdown: return true to take the gesture (a drawing tool), false to let the view pan. */
export type PointerDownHandler = (p: { x: number; y: number; event: PointerEvent }) => boolean;
