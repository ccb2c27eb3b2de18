// Separable box blur with clamped (Neumann) edges: out = mean over a (2r+1)² window. Taps are summed in window
// order (float64, so the result is the definition's to the bit), a whole row per tap: contiguous typed loops.

/** Box-blur one image of `width` × `height` with radius r (r = 0 copies), starting at `offset` in `image`. */
export function boxBlur(image: ArrayLike<number>, width: number, height: number, radius: number, offset = 0): Float32Array {
  const n = width * height;
  const out = new Float32Array(n);
  const span = 2 * radius + 1;
  const cx = (x: number): number => (x < 0 ? 0 : x >= width ? width - 1 : x);
  const cy = (y: number): number => (y < 0 ? 0 : y >= height ? height - 1 : y);
  const lo = Math.min(radius, width), hi = Math.max(lo, width - radius); // columns [lo, hi) need no clamping
  // The horizontal pass's rows live in a ring of `span` rows (row y in slot y mod span): the vertical pass reads
  // rows y − r … y + r, all in the ring, so the intermediate image is never held whole (it stays in cache).
  const ring = new Float64Array(Math.min(span, height) * width);
  const slots = Math.min(span, height);
  let done = -1; // the last row the horizontal pass has put in the ring
  const horizontal = (y: number): void => {
    const src = offset + y * width, dst = (y % slots) * width;
    ring.fill(0, dst, dst + width);
    for (let d = -radius; d <= radius; d++) {
      for (let x = lo; x < hi; x++) ring[dst + x] = ring[dst + x]! + image[src + x + d]!;
    }
    for (let x = 0; x < width; x++) {
      if (x >= lo && x < hi) continue;
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += image[src + cx(x + d)]!;
      ring[dst + x] = s;
    }
    for (let x = 0; x < width; x++) ring[dst + x] = ring[dst + x]! / span;
  };
  const row = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    for (const last = cy(y + radius); done < last;) horizontal(++done);
    row.fill(0);
    for (let d = -radius; d <= radius; d++) {
      const src = (cy(y + d) % slots) * width;
      for (let x = 0; x < width; x++) row[x] = row[x]! + ring[src + x]!;
    }
    const dst = y * width;
    for (let x = 0; x < width; x++) out[dst + x] = row[x]! / span;
  }
  return out;
}
