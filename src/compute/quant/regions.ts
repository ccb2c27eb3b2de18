// Region masks from shapes drawn on an image: point, rectangle, ellipse, polygon.
//
// Coordinates (the convention of every module in quant/): continuous pixel coordinates, x to the right, y down,
// origin at the top-left corner of the image. Pixel (col, row) is the unit square [col, col+1) × [row, row+1); its
// centre is (col + 0.5, row + 0.5), and its value sits there. A shape covers a pixel when it covers the pixel's
// centre, so a shape's mask does not depend on how the image is zoomed, and integer coordinates are pixel corners.

/** A mask over a width × height image (row-major, 1 inside), or why there is none. */
export type MaskResult =
  | { ok: true; mask: Uint8Array; /** pixels inside */ count: number }
  | { ok: false; error: string };

/** A single pixel: the one containing (x, y), i.e. (col, row) = (floor x, floor y). */
export interface PointShape {
  kind: 'point';
  x: number;
  y: number;
}

/** An axis-aligned rectangle between corners (x0, y0) and (x1, y1), in either order. */
export interface RectangleShape {
  kind: 'rectangle';
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** An ellipse with centre (cx, cy) and semi-axes rx, ry (> 0). */
export interface EllipseShape {
  kind: 'ellipse';
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Angle of the rx axis from +x towards +y, radians (clockwise on screen, since y points down); default 0. */
  rotation?: number;
}

/** How a self-intersecting polygon is filled (as SVG's fill-rule). */
export type FillRule = 'evenodd' | 'nonzero';

/** A closed polygon through `points` (the last vertex joins the first); at least 3 vertices. */
export interface PolygonShape {
  kind: 'polygon';
  points: ReadonlyArray<readonly [number, number]>;
  /** Default 'evenodd': a pixel is inside when a ray from its centre crosses the outline an odd number of times. */
  fillRule?: FillRule;
}

export type RegionShape = PointShape | RectangleShape | EllipseShape | PolygonShape;

function checkGrid(width: number, height: number): number {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
  return width * height;
}

function finite(...v: number[]): boolean {
  return v.every((a) => Number.isFinite(a));
}

function done(mask: Uint8Array, what: string): MaskResult {
  let count = 0;
  for (let p = 0; p < mask.length; p++) count += mask[p]!;
  return count > 0 ? { ok: true, mask, count } : { ok: false, error: `${what} covers no pixel centre inside the image` };
}

/** The mask of the one pixel containing (x, y); an error when (x, y) is outside the image. */
export function pointMask(shape: Omit<PointShape, 'kind'>, width: number, height: number): MaskResult {
  const n = checkGrid(width, height);
  const { x, y } = shape;
  if (!finite(x, y)) return { ok: false, error: `point coordinates must be finite, got (${x}, ${y})` };
  const col = Math.floor(x), row = Math.floor(y); // pixel (col, row) is [col, col+1) × [row, row+1)
  if (col < 0 || row < 0 || col >= width || row >= height) return { ok: false, error: `point (${x}, ${y}) is outside the ${width}×${height} image` };
  const mask = new Uint8Array(n);
  mask[row * width + col] = 1;
  return { ok: true, mask, count: 1 };
}

/**
 * The pixels whose centres lie in [min(x0,x1), max(x0,x1)) × [min(y0,y1), max(y0,y1)) (half-open, so rectangles
 * that share an edge never share a pixel); (0, 0, width, height) is the whole image. Clipped to the image.
 */
export function rectangleMask(shape: Omit<RectangleShape, 'kind'>, width: number, height: number): MaskResult {
  const n = checkGrid(width, height);
  const { x0, y0, x1, y1 } = shape;
  if (!finite(x0, y0, x1, y1)) return { ok: false, error: 'rectangle corners must be finite' };
  const xa = Math.min(x0, x1), xb = Math.max(x0, x1), ya = Math.min(y0, y1), yb = Math.max(y0, y1);
  // centre c = k + 0.5 with a ≤ c < b  ⇔  ceil(a − 0.5) ≤ k < ceil(b − 0.5)
  const c0 = Math.max(0, Math.ceil(xa - 0.5)), c1 = Math.min(width, Math.ceil(xb - 0.5));
  const r0 = Math.max(0, Math.ceil(ya - 0.5)), r1 = Math.min(height, Math.ceil(yb - 0.5));
  const mask = new Uint8Array(n);
  for (let r = r0; r < r1; r++) mask.fill(1, r * width + c0, r * width + Math.max(c0, c1));
  return done(mask, 'rectangle');
}

/** The pixels whose centres satisfy (u/rx)² + (v/ry)² ≤ 1, (u, v) the centre's offset in the ellipse's rotated axes. Clipped. */
export function ellipseMask(shape: Omit<EllipseShape, 'kind'>, width: number, height: number): MaskResult {
  const n = checkGrid(width, height);
  const { cx, cy, rx, ry } = shape;
  const theta = shape.rotation ?? 0;
  if (!finite(cx, cy, rx, ry, theta)) return { ok: false, error: 'ellipse centre, radii and rotation must be finite' };
  if (!(rx > 0 && ry > 0)) return { ok: false, error: `ellipse radii must be > 0, got ${rx} and ${ry}` };
  const cos = Math.cos(theta), sin = Math.sin(theta);
  // half-extents of the rotated ellipse's bounding box: sqrt((rx cos θ)² + (ry sin θ)²) and sqrt((rx sin θ)² + (ry cos θ)²)
  const hx = Math.hypot(rx * cos, ry * sin), hy = Math.hypot(rx * sin, ry * cos);
  const c0 = Math.max(0, Math.floor(cx - hx - 1)), c1 = Math.min(width - 1, Math.ceil(cx + hx));
  const r0 = Math.max(0, Math.floor(cy - hy - 1)), r1 = Math.min(height - 1, Math.ceil(cy + hy));
  const mask = new Uint8Array(n);
  for (let r = r0; r <= r1; r++) {
    const dy = r + 0.5 - cy;
    for (let c = c0; c <= c1; c++) {
      const dx = c + 0.5 - cx;
      const u = dx * cos + dy * sin; // rotate the offset into the ellipse's axes
      const v = -dx * sin + dy * cos;
      if ((u / rx) ** 2 + (v / ry) ** 2 <= 1) mask[r * width + c] = 1; // ellipse equation, boundary included
    }
  }
  return done(mask, 'ellipse');
}

/**
 * The pixels whose centres are inside the polygon by the even-odd or the nonzero winding rule, by a scanline through
 * each row of centres (crossing-number / winding-number test, Hormann & Agathos 2001). An edge counts at a scanline y
 * when y lies in [min(y_a, y_b), max(y_a, y_b)) — the half-open rule, so a vertex on the scanline is counted once;
 * along a scanline a span is [left crossing, right crossing), so as for rectangles a centre exactly on a left or top
 * edge is inside and one on a right or bottom edge is not. Clipped to the image.
 */
export function polygonMask(shape: Omit<PolygonShape, 'kind'>, width: number, height: number): MaskResult {
  const n = checkGrid(width, height);
  const pts = shape.points;
  const rule = shape.fillRule ?? 'evenodd';
  if (pts.length < 3) return { ok: false, error: `a polygon needs at least 3 vertices, got ${pts.length}` };
  if (!pts.every((p) => p.length === 2 && finite(p[0], p[1]))) return { ok: false, error: 'polygon vertices must be finite (x, y) pairs' };
  let ymin = Infinity, ymax = -Infinity;
  for (const [, y] of pts) { ymin = Math.min(ymin, y); ymax = Math.max(ymax, y); }
  const r0 = Math.max(0, Math.ceil(ymin - 0.5)), r1 = Math.min(height - 1, Math.ceil(ymax - 0.5));
  const mask = new Uint8Array(n);
  const xs: number[] = [];
  const dirs: number[] = [];
  const order: number[] = [];
  for (let r = r0; r <= r1; r++) {
    const y = r + 0.5;
    xs.length = 0; dirs.length = 0;
    for (let k = 0; k < pts.length; k++) {
      const [xa, ya] = pts[k]!;
      const [xb, yb] = pts[(k + 1) % pts.length]!;
      if (ya === yb) continue; // horizontal edges never cross a scanline under the half-open rule
      const up = ya < yb;
      if (up ? !(ya <= y && y < yb) : !(yb <= y && y < ya)) continue;
      xs.push(xa + ((y - ya) * (xb - xa)) / (yb - ya)); // where the edge meets the scanline
      dirs.push(up ? 1 : -1);
    }
    if (xs.length === 0) continue;
    order.length = 0;
    for (let k = 0; k < xs.length; k++) order.push(k);
    order.sort((a, b) => xs[a]! - xs[b]!);
    // Sweep left to right: a centre is inside when the crossings at or left of it have an odd count (even-odd) or a
    // nonzero winding sum (nonzero); the crossings of a closed outline sum to zero, so "left" and "right" agree.
    let wind = 0, count = 0;
    for (let k = 0; k < order.length - 1; k++) {
      wind += dirs[order[k]!]!;
      count++;
      const inside = rule === 'evenodd' ? count % 2 === 1 : wind !== 0;
      if (!inside) continue;
      const xa = xs[order[k]!]!, xb = xs[order[k + 1]!]!;
      // centres c + 0.5 in [xa, xb): ceil(xa − 0.5) ≤ c < ceil(xb − 0.5)
      const c0 = Math.max(0, Math.ceil(xa - 0.5)), c1 = Math.min(width, Math.ceil(xb - 0.5));
      if (c1 > c0) mask.fill(1, r * width + c0, r * width + c1);
    }
  }
  return done(mask, 'polygon');
}

/** The mask of any shape (see each shape's function for exactly which pixels it covers). */
export function regionMask(shape: RegionShape, width: number, height: number): MaskResult {
  switch (shape.kind) {
    case 'point': return pointMask(shape, width, height);
    case 'rectangle': return rectangleMask(shape, width, height);
    case 'ellipse': return ellipseMask(shape, width, height);
    case 'polygon': return polygonMask(shape, width, height);
  }
}
