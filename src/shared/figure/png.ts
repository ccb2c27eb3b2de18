/** RGBA → PNG encoder (PNG spec, W3C 2nd ed.): IHDR (8-bit RGBA), optional pHYs carrying the DPI, one zlib IDAT, IEND. */
import { crc32 } from './crc32.js';
import { type DeflateOptions, zlibCompress } from './deflate.js';
import { type PngFilterStrategy, filterScanlines } from './png-filter.js';

export interface PngOptions {
  /** Written as pHYs pixels-per-metre = round(dpi / 0.0254), unit = metre; omitted when undefined. */
  readonly dpi?: number;
  /** Scanline filter (default 'adaptive'). */
  readonly filter?: PngFilterStrategy;
  readonly deflate?: DeflateOptions;
}

export const PNG_SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Pixels per metre for a DPI, as stored in pHYs. */
export function dpiToPixelsPerMetre(dpi: number): number {
  return Math.round(dpi / 0.0254);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** Encodes width × height RGBA bytes (row-major, 4 per pixel, straight alpha) as a PNG file. */
export function encodePng(rgba: Uint8Array, width: number, height: number, options: PngOptions = {}): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new RangeError(`PNG size must be positive integers, got ${width} x ${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  // compression 0, filter method 0, interlace 0
  const chunks = [PNG_SIGNATURE, chunk('IHDR', ihdr)];
  if (options.dpi !== undefined) {
    if (!Number.isFinite(options.dpi) || options.dpi <= 0) throw new RangeError(`dpi must be finite and > 0, got ${options.dpi}`);
    const phys = new Uint8Array(9);
    const pv = new DataView(phys.buffer);
    const ppm = dpiToPixelsPerMetre(options.dpi);
    pv.setUint32(0, ppm);
    pv.setUint32(4, ppm);
    phys[8] = 1; // unit: metre
    chunks.push(chunk('pHYs', phys));
  }
  const filtered = filterScanlines(rgba, width, height, 4, options.filter ?? 'adaptive');
  chunks.push(chunk('IDAT', zlibCompress(filtered, options.deflate)));
  chunks.push(chunk('IEND', new Uint8Array(0)));
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
