// Regions of interest and line profiles drawn on the images, in image pixel coordinates (x right, y down, pixel
// (col, row) covering [col, col+1) × [row, row+1)), and their translations for the API and the quant module.

import type { Region } from '../../../shared/api/schemas/quantify.js';
import type { RegionShape } from '../../../compute/quant/index.js';

export type RoiShape =
  /** A click: the pixels whose centres lie within `radius` of (x, y); radius 0 is the one pixel under the click. */
  | { kind: 'point'; x: number; y: number; radius: number }
  | { kind: 'rect'; x0: number; y0: number; x1: number; y1: number }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number }
  | { kind: 'polygon'; points: [number, number][] };

export interface Roi { id: number; name: string; shape: RoiShape }

export interface ProfileLine { id: number; name: string; x0: number; y0: number; x1: number; y1: number; width: number }

export type ToolName = 'pan' | 'line' | 'point' | 'rect' | 'ellipse' | 'polygon';

/** The region as quantify.region takes it. */
export function toApiRegion(s: RoiShape): Region {
  switch (s.kind) {
    case 'point':
      return s.radius > 0 ? { kind: 'ellipse', cx: s.x, cy: s.y, rx: s.radius, ry: s.radius } : { kind: 'point', x: s.x, y: s.y };
    case 'rect':
      return { kind: 'rect', x: Math.min(s.x0, s.x1), y: Math.min(s.y0, s.y1), width: Math.abs(s.x1 - s.x0), height: Math.abs(s.y1 - s.y0) };
    case 'ellipse':
      return { kind: 'ellipse', cx: s.cx, cy: s.cy, rx: s.rx, ry: s.ry };
    case 'polygon':
      return { kind: 'polygon', points: s.points.map(([x, y]) => [x, y] as [number, number]) };
  }
}

/** The region as the quant module's masks take it. */
export function toMaskShape(s: RoiShape): RegionShape {
  switch (s.kind) {
    case 'point':
      return s.radius > 0 ? { kind: 'ellipse', cx: s.x, cy: s.y, rx: s.radius, ry: s.radius } : { kind: 'point', x: s.x, y: s.y };
    case 'rect':
      return { kind: 'rectangle', x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1 };
    case 'ellipse':
      return { kind: 'ellipse', cx: s.cx, cy: s.cy, rx: s.rx, ry: s.ry };
    case 'polygon':
      return { kind: 'polygon', points: s.points };
  }
}

/** Round to 1/100 pixel (what the readouts and the undo history keep). */
export const r2 = (v: number): number => Math.round(v * 100) / 100;

/** The shape a drag from (ax, ay) to (bx, by) draws with `tool`. */
export function shapeFromDrag(tool: 'rect' | 'ellipse', ax: number, ay: number, bx: number, by: number): RoiShape {
  if (tool === 'rect') return { kind: 'rect', x0: r2(Math.min(ax, bx)), y0: r2(Math.min(ay, by)), x1: r2(Math.max(ax, bx)), y1: r2(Math.max(ay, by)) };
  return { kind: 'ellipse', cx: r2((ax + bx) / 2), cy: r2((ay + by) / 2), rx: r2(Math.abs(bx - ax) / 2), ry: r2(Math.abs(by - ay) / 2) };
}

/** Too small to be what the user meant (a click while a drag tool was active). */
export function isDegenerate(s: RoiShape): boolean {
  if (s.kind === 'rect') return Math.abs(s.x1 - s.x0) < 1 || Math.abs(s.y1 - s.y0) < 1;
  if (s.kind === 'ellipse') return s.rx < 0.5 || s.ry < 0.5;
  if (s.kind === 'polygon') return s.points.length < 3;
  return false;
}

/** The corners of a profile line's averaging band (width pixels across), for drawing. */
export function bandCorners(l: Pick<ProfileLine, 'x0' | 'y0' | 'x1' | 'y1' | 'width'>): [number, number][] {
  const len = Math.hypot(l.x1 - l.x0, l.y1 - l.y0);
  const ux = len > 0 ? (l.x1 - l.x0) / len : 1, uy = len > 0 ? (l.y1 - l.y0) / len : 0;
  const h = l.width / 2;
  const nx = -uy * h, ny = ux * h;
  return [[l.x0 + nx, l.y0 + ny], [l.x1 + nx, l.y1 + ny], [l.x1 - nx, l.y1 - ny], [l.x0 - nx, l.y0 - ny]];
}

/** A short description for lists: "point (120, 88) r 2", "rect 40×30 at (10, 12)", … */
export function describeShape(s: RoiShape): string {
  const f = (v: number) => String(Math.round(v * 10) / 10);
  switch (s.kind) {
    case 'point': return `point (${f(s.x)}, ${f(s.y)})${s.radius > 0 ? ` r ${f(s.radius)}` : ''}`;
    case 'rect': return `rect ${f(s.x1 - s.x0)}×${f(s.y1 - s.y0)} at (${f(s.x0)}, ${f(s.y0)})`;
    case 'ellipse': return `ellipse ${f(2 * s.rx)}×${f(2 * s.ry)} at (${f(s.cx)}, ${f(s.cy)})`;
    case 'polygon': return `polygon, ${s.points.length} vertices`;
  }
}
