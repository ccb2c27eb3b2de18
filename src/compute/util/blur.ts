// Separable box blur with clamped (Neumann) edges: out = mean over a (2r+1)² window, by running sums in float64
// (each pass adds the value entering the window and subtracts the one leaving it: O(1) per pixel at any r).

/** Box-blur one image of `width` × `height` with radius r (r = 0 copies), starting at `offset` in `image`. */
export function boxBlur(image: ArrayLike<number>, width: number, height: number, radius: number, offset = 0): Float32Array {
  const n = width * height;
  const tmp = new Float64Array(n);
  const out = new Float32Array(n);
  const span = 2 * radius + 1;
  const cx = (x: number): number => (x < 0 ? 0 : x >= width ? width - 1 : x);
  const cy = (y: number): number => (y < 0 ? 0 : y >= height ? height - 1 : y);
  for (let y = 0; y < height; y++) {
    const row = offset + y * width;
    let s = 0;
    for (let d = -radius; d <= radius; d++) s += image[row + cx(d)]!;
    tmp[y * width] = s / span;
    for (let x = 1; x < width; x++) {
      s += image[row + cx(x + radius)]! - image[row + cx(x - 1 - radius)]!;
      tmp[y * width + x] = s / span;
    }
  }
  const column = new Float64Array(width);
  for (let d = -radius; d <= radius; d++) {
    const row = cy(d) * width;
    for (let x = 0; x < width; x++) column[x] = column[x]! + tmp[row + x]!;
  }
  for (let x = 0; x < width; x++) out[x] = column[x]! / span;
  for (let y = 1; y < height; y++) {
    const enter = cy(y + radius) * width, leave = cy(y - 1 - radius) * width;
    for (let x = 0; x < width; x++) {
      column[x] = column[x]! + tmp[enter + x]! - tmp[leave + x]!;
      out[y * width + x] = column[x]! / span;
    }
  }
  return out;
}
