// Separable box blur with clamped (Neumann) edges: out = mean over a (2r+1)² window. Taps are summed in window
// order (float64, so the result is the definition's to the bit), a whole row per tap: contiguous typed loops.

/** Box-blur one image of `width` × `height` with radius r (r = 0 copies), starting at `offset` in `image`. */
export function boxBlur(image: ArrayLike<number>, width: number, height: number, radius: number, offset = 0): Float32Array {
  const n = width * height;
  const tmp = new Float64Array(n);
  const out = new Float32Array(n);
  const span = 2 * radius + 1;
  const cx = (x: number): number => (x < 0 ? 0 : x >= width ? width - 1 : x);
  const cy = (y: number): number => (y < 0 ? 0 : y >= height ? height - 1 : y);
  const lo = Math.min(radius, width), hi = Math.max(lo, width - radius); // columns [lo, hi) need no clamping
  for (let y = 0; y < height; y++) {
    const src = offset + y * width, dst = y * width;
    for (let d = -radius; d <= radius; d++) {
      for (let x = lo; x < hi; x++) tmp[dst + x] = tmp[dst + x]! + image[src + x + d]!;
    }
    for (let x = 0; x < width; x++) {
      if (x >= lo && x < hi) continue;
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += image[src + cx(x + d)]!;
      tmp[dst + x] = s;
    }
    for (let x = 0; x < width; x++) tmp[dst + x] = tmp[dst + x]! / span;
  }
  const row = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let d = -radius; d <= radius; d++) {
      const src = cy(y + d) * width;
      for (let x = 0; x < width; x++) row[x] = row[x]! + tmp[src + x]!;
    }
    const dst = y * width;
    for (let x = 0; x < width; x++) out[dst + x] = row[x]! / span;
  }
  return out;
}
