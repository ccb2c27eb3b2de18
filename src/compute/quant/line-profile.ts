// Line profiles of one or several images along (x0, y0) → (x1, y1): bilinear samples, averaged across a width.
//
// Coordinates as in regions.ts: x right, y down, pixel (col, row) centred at (col + 0.5, row + 0.5), so the image
// spans [0, width] × [0, height]. Samples are at distances d_k = k·step from (x0, y0), k = 0 … floor(L/step) (the end
// point is included when L is a multiple of the step). Width w (an integer ≥ 1): at each d_k, w samples on the
// perpendicular through the line point, 1 pixel apart and centred on it, at offsets (m − (w − 1)/2) px, m = 0 … w − 1,
// averaged (as ImageJ's wide lines and scikit-image's profile_line linewidth); samples outside the image are left out
// of the average. NaN pixels (e.g. excluded pixels of a concentration map) make every sample that touches them NaN.
// Pixels are square: distances in calibrated units are d_k·pixelSize.

export interface LineProfileOptions {
  /** Distance between samples along the line, pixels (default 1). */
  step?: number;
  /** Perpendicular samples averaged at each point, an integer ≥ 1 (default 1: the line alone). */
  lineWidth?: number;
  /** Size of a pixel in `unit` (square pixels), for calibrated distances. */
  pixelSize?: number;
  /** Unit of `pixelSize`, e.g. 'nm' (default 'units'). */
  unit?: string;
}

export interface LineProfile {
  /** Distance of each sample from (x0, y0), pixels. */
  distance: Float64Array;
  /** Distance in calibrated units (distance·pixelSize), present when a pixel size was given. */
  calibrated?: { distance: Float64Array; unit: string; pixelSize: number };
  /** Line points (x, y) of each sample, pixel coordinates. */
  x: Float64Array;
  y: Float64Array;
  /** One array per image: the mean of the in-image perpendicular samples at each point; NaN where none is in the image. */
  values: Float64Array[];
  /** How many of the lineWidth perpendicular samples fell inside the image at each point. */
  samples: Uint16Array;
  /** Line length L, pixels; the step and width used. */
  length: number;
  step: number;
  lineWidth: number;
}

export interface Line {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Bilinear interpolation at (x, y) (pixel centres at +0.5): exact for images linear in col and row within the hull of
 * the pixel centres; within half a pixel of the border the nearest edge pixels are used (replicated edge); NaN
 * outside [0, width] × [0, height]. `offset` selects the image in a stack.
 */
export function bilinearSample(image: ArrayLike<number>, width: number, height: number, x: number, y: number, offset = 0): number {
  if (!(x >= 0 && x <= width && y >= 0 && y <= height)) return NaN;
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1), fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const c0 = Math.min(Math.floor(fx), width - 1), r0 = Math.min(Math.floor(fy), height - 1);
  const c1 = Math.min(c0 + 1, width - 1), r1 = Math.min(r0 + 1, height - 1);
  const tx = fx - c0, ty = fy - r0;
  const v00 = image[offset + r0 * width + c0]!, v01 = image[offset + r0 * width + c1]!;
  const v10 = image[offset + r1 * width + c0]!, v11 = image[offset + r1 * width + c1]!;
  // f = (1−tx)(1−ty) f00 + tx(1−ty) f01 + (1−tx)ty f10 + tx·ty f11 (bilinear interpolation on the unit square)
  const top = v00 + tx * (v01 - v00), bottom = v10 + tx * (v11 - v10);
  return top + ty * (bottom - top);
}

/**
 * The profile of every image in `images` (a stack: image i at [i·N, (i+1)·N), N = width·height; a single image is a
 * stack of one) along `line`. A zero-length line gives one point, with the width taken along y.
 */
export function lineProfile(images: ArrayLike<number>, width: number, height: number, line: Line, options: LineProfileOptions = {}): LineProfile {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  const n = width * height;
  const count = images.length / n;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${images.length} values are not a stack of ${width}×${height} images`);
  const { x0, y0, x1, y1 } = line;
  if (![x0, y0, x1, y1].every(Number.isFinite)) throw new RangeError('line end points must be finite');
  const step = options.step ?? 1;
  const lineWidth = options.lineWidth ?? 1;
  if (!(Number.isFinite(step) && step > 0)) throw new RangeError(`step must be a finite number > 0, got ${step}`);
  if (!Number.isInteger(lineWidth) || lineWidth < 1 || lineWidth > 65535) throw new RangeError(`lineWidth must be an integer in 1..65535, got ${lineWidth}`);
  if (options.pixelSize !== undefined && !(Number.isFinite(options.pixelSize) && options.pixelSize > 0)) {
    throw new RangeError(`pixelSize must be a finite number > 0, got ${options.pixelSize}`);
  }

  const length = Math.hypot(x1 - x0, y1 - y0);
  const ux = length > 0 ? (x1 - x0) / length : 1, uy = length > 0 ? (y1 - y0) / length : 0; // unit direction
  const nx = -uy, ny = ux; // unit normal: the direction rotated by 90°
  const points = Math.floor(length / step + 1e-9) + 1; // tolerance so that L = K·step includes the end point
  const distance = new Float64Array(points);
  const xs = new Float64Array(points), ys = new Float64Array(points);
  const values = Array.from({ length: count }, () => new Float64Array(points));
  const samples = new Uint16Array(points);
  const sums = new Float64Array(count);
  for (let k = 0; k < points; k++) {
    const d = k * step;
    const px = x0 + d * ux, py = y0 + d * uy;
    distance[k] = d; xs[k] = px; ys[k] = py;
    sums.fill(0);
    let used = 0;
    for (let m = 0; m < lineWidth; m++) {
      const o = m - (lineWidth - 1) / 2; // perpendicular offsets 1 px apart, centred on the line
      const sx = px + o * nx, sy = py + o * ny;
      if (!(sx >= 0 && sx <= width && sy >= 0 && sy <= height)) continue;
      used++;
      for (let i = 0; i < count; i++) sums[i]! += bilinearSample(images, width, height, sx, sy, i * n);
    }
    samples[k] = used;
    for (let i = 0; i < count; i++) values[i]![k] = used > 0 ? sums[i]! / used : NaN;
  }
  const profile: LineProfile = { distance, x: xs, y: ys, values, samples, length, step, lineWidth };
  if (options.pixelSize !== undefined) {
    const s = options.pixelSize;
    profile.calibrated = { distance: distance.map((d) => d * s), unit: options.unit ?? 'units', pixelSize: s };
  }
  return profile;
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The profile as CSV (RFC 4180, '\n' line ends): columns distance_px, distance_<unit> when calibrated, then one column
 * per image named by `names`; numbers in JavaScript's shortest round-trip form; NaN (outside the image) as an empty field.
 */
export function profileToCsv(profile: LineProfile, names: readonly string[]): string {
  if (names.length !== profile.values.length) throw new RangeError(`${names.length} names for ${profile.values.length} profiles`);
  const header = ['distance_px'];
  if (profile.calibrated) header.push(`distance_${profile.calibrated.unit}`);
  header.push(...names);
  const num = (v: number): string => (Number.isFinite(v) ? String(v) : '');
  const lines = [header.map(csvField).join(',')];
  for (let k = 0; k < profile.distance.length; k++) {
    const row = [num(profile.distance[k]!)];
    if (profile.calibrated) row.push(num(profile.calibrated.distance[k]!));
    for (const v of profile.values) row.push(num(v[k]!));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
