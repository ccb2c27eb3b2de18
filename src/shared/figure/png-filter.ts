/** PNG scanline filtering (PNG spec §9: None, Sub, Up, Average, Paeth) with libpng's minimum-sum-of-absolute-differences heuristic; also usable as PDF /Predictor 15 data. */

export type PngFilterStrategy = 'none' | 'sub' | 'up' | 'average' | 'paeth' | 'adaptive';

const FIXED: Record<Exclude<PngFilterStrategy, 'adaptive'>, number> = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Writes row `y` filtered with `type` into out[o] (type byte) .. out[o + rowBytes]. */
function filterRow(px: Uint8Array, y: number, rowBytes: number, bpp: number, type: number, out: Uint8Array, o: number): void {
  const cur = y * rowBytes;
  const up = cur - rowBytes;
  out[o++] = type;
  for (let i = 0; i < rowBytes; i++) {
    const x = px[cur + i]!;
    const a = i >= bpp ? px[cur + i - bpp]! : 0;
    const b = y > 0 ? px[up + i]! : 0;
    const c = y > 0 && i >= bpp ? px[up + i - bpp]! : 0;
    let v: number;
    switch (type) {
      case 0: v = x; break;
      case 1: v = x - a; break;
      case 2: v = x - b; break;
      case 3: v = x - ((a + b) >> 1); break;
      default: v = x - paeth(a, b, c);
    }
    out[o + i] = v & 0xff;
  }
}

/** Filtered scanlines: height rows of [filter type byte, width*bpp filtered bytes]. */
export function filterScanlines(pixels: Uint8Array, width: number, height: number, bytesPerPixel: number, strategy: PngFilterStrategy = 'adaptive'): Uint8Array {
  const rowBytes = width * bytesPerPixel;
  if (pixels.length !== rowBytes * height) throw new RangeError(`expected ${rowBytes * height} pixel bytes, got ${pixels.length}`);
  const out = new Uint8Array((rowBytes + 1) * height);
  if (strategy !== 'adaptive') {
    for (let y = 0; y < height; y++) filterRow(pixels, y, rowBytes, bytesPerPixel, FIXED[strategy], out, y * (rowBytes + 1));
    return out;
  }
  const trial = new Uint8Array(rowBytes + 1);
  for (let y = 0; y < height; y++) {
    let bestType = 0;
    let bestSum = Infinity;
    for (let type = 0; type < 5; type++) {
      filterRow(pixels, y, rowBytes, bytesPerPixel, type, trial, 0);
      let sum = 0;
      for (let i = 1; i <= rowBytes && sum < bestSum; i++) {
        const v = trial[i]!;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) {
        bestSum = sum;
        bestType = type;
      }
    }
    filterRow(pixels, y, rowBytes, bytesPerPixel, bestType, out, y * (rowBytes + 1));
  }
  return out;
}
