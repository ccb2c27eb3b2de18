// A smooth test image for the metric tests.

/** A smooth test image in [0, 1]. */
export function pattern(width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = 0.5 + 0.25 * Math.sin(x / 3) + 0.25 * Math.cos((x + 2 * y) / 5);
  }
  return out;
}
