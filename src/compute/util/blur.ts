// Separable box blur with clamped (Neumann) edges: out = mean over a (2r+1)² window.

/** Box-blur one image of `width` × `height` with radius r (r = 0 copies). */
export function boxBlur(image: ArrayLike<number>, width: number, height: number, radius: number, offset = 0): Float32Array {
  const n = width * height;
  const tmp = new Float64Array(n);
  const out = new Float32Array(n);
  const span = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += image[offset + y * width + Math.min(width - 1, Math.max(0, x + d))]!;
      tmp[y * width + x] = s / span;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += tmp[Math.min(height - 1, Math.max(0, y + d)) * width + x]!;
      out[y * width + x] = s / span;
    }
  }
  return out;
}
