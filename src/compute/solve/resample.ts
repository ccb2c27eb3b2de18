// Resolution changes for the coarse-to-fine start: 2×2 mean pooling down, bilinear interpolation up.

/** Half-resolution size of one axis. */
export const halfSize = (n: number): number => Math.ceil(n / 2);

/** Mean of each 2×2 block (edge blocks average the pixels that exist), for every image in a stack. */
export function downsample2(stack: Float32Array, width: number, height: number, images: number): Float32Array {
  const w2 = halfSize(width), h2 = halfSize(height);
  const out = new Float32Array(w2 * h2 * images);
  for (let i = 0; i < images; i++) {
    const src = i * width * height, dst = i * w2 * h2;
    for (let y = 0; y < h2; y++) {
      for (let x = 0; x < w2; x++) {
        let s = 0, count = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const yy = 2 * y + dy, xx = 2 * x + dx;
            if (yy < height && xx < width) { s += stack[src + yy * width + xx]!; count++; }
          }
        }
        out[dst + y * w2 + x] = s / count;
      }
    }
  }
  return out;
}

/** Bilinear upsampling of a half-resolution stack back to width × height (pixel centres aligned). */
export function upsample2(stack: Float32Array, width: number, height: number, images: number): Float32Array {
  const w2 = halfSize(width), h2 = halfSize(height);
  const out = new Float32Array(width * height * images);
  for (let i = 0; i < images; i++) {
    const src = i * w2 * h2, dst = i * width * height;
    for (let y = 0; y < height; y++) {
      const fy = Math.min(h2 - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
      const y0 = Math.floor(fy), y1 = Math.min(h2 - 1, y0 + 1), ty = fy - y0;
      for (let x = 0; x < width; x++) {
        const fx = Math.min(w2 - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
        const x0 = Math.floor(fx), x1 = Math.min(w2 - 1, x0 + 1), tx = fx - x0;
        const top = stack[src + y0 * w2 + x0]! * (1 - tx) + stack[src + y0 * w2 + x1]! * tx;
        const bottom = stack[src + y1 * w2 + x0]! * (1 - tx) + stack[src + y1 * w2 + x1]! * tx;
        out[dst + y * width + x] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return out;
}
