// Separable box blur with clamped (Neumann) edges: out = mean over a (2r+1)² window. Taps are summed in
// window order (float64), clamping only within r of an edge, so the interior runs without index arithmetic.

/** Box-blur one image of `width` × `height` with radius r (r = 0 copies), starting at `offset` in `image`. */
export function boxBlur(image: ArrayLike<number>, width: number, height: number, radius: number, offset = 0): Float32Array {
  const n = width * height;
  const tmp = new Float64Array(n);
  const out = new Float32Array(n);
  const span = 2 * radius + 1;
  const clampX = (x: number): number => (x < 0 ? 0 : x >= width ? width - 1 : x);
  const clampY = (y: number): number => (y < 0 ? 0 : y >= height ? height - 1 : y);
  for (let y = 0; y < height; y++) {
    const row = offset + y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      if (x >= radius && x < width - radius) for (let d = -radius; d <= radius; d++) s += image[row + x + d]!;
      else for (let d = -radius; d <= radius; d++) s += image[row + clampX(x + d)]!;
      tmp[y * width + x] = s / span;
    }
  }
  for (let y = 0; y < height; y++) {
    const interior = y >= radius && y < height - radius;
    for (let x = 0; x < width; x++) {
      let s = 0;
      if (interior) for (let d = -radius; d <= radius; d++) s += tmp[(y + d) * width + x]!;
      else for (let d = -radius; d <= radius; d++) s += tmp[clampY(y + d) * width + x]!;
      out[y * width + x] = s / span;
    }
  }
  return out;
}
