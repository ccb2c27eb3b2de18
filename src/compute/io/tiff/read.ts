// TIFF reader: 8/16/32/64-bit integer and 32/64-bit float pages, stacks, ImageJ and DM calibrations (TIFF 6.0).

import { InputError } from '../errors.js';
import { decodeArray, SCALAR_SIZE, type ScalarType } from '../decode.js';
import { makeRecord, shapeSize, type NumericArray } from '../record.js';
import type { ImageRecord } from '../types.js';
import { imageJLabels, parseImageJDescription, readCalibration } from './calibration.js';
import { decompress, undoPredictor } from './decompress.js';
import { type Ifd, num, nums, parseIfds, str } from './ifd.js';
import { TAG } from './spec.js';
import { checkDecodedSize } from '../limits.js';

interface Page {
  shape: number[];
  dtype: ScalarType;
  values: NumericArray;
}

function pageType(ifd: Ifd, file: string): ScalarType {
  const bps = nums(ifd, TAG.BitsPerSample);
  const bits = bps[0] ?? 1;
  if (bps.some((b) => b !== bits)) throw new InputError(file, 'TIFF pages with mixed bits per sample are not supported');
  const fmt = num(ifd, TAG.SampleFormat, 1);
  const t = fmt === 3 ? (bits === 32 ? 'float32' : bits === 64 ? 'float64' : null)
    : fmt === 2 ? ({ 8: 'int8', 16: 'int16', 32: 'int32', 64: 'int64' } as Record<number, ScalarType>)[bits] ?? null
      : fmt === 1 || fmt === 4 ? ({ 8: 'uint8', 16: 'uint16', 32: 'uint32', 64: 'uint64' } as Record<number, ScalarType>)[bits] ?? null
        : null;
  if (t === null) throw new InputError(file, `unsupported TIFF sample type (${bits} bits, sample format ${fmt})`);
  return t as ScalarType;
}

/** Decode one page's pixels. */
function readPage(bytes: Uint8Array, ifd: Ifd, le: boolean, file: string): Page {
  const w = num(ifd, TAG.ImageWidth, 0);
  const h = num(ifd, TAG.ImageLength, 0);
  const spp = num(ifd, TAG.SamplesPerPixel, 1);
  if (!(w > 0 && h > 0 && spp > 0) || w * h * spp > 2 ** 31) throw new InputError(file, `implausible TIFF image size ${w}×${h}×${spp}`);
  if (num(ifd, TAG.PlanarConfiguration, 1) !== 1 && spp > 1) throw new InputError(file, 'planar (separate-plane) TIFF colour images are not supported');
  const type = pageType(ifd, file);
  const bytesPer = SCALAR_SIZE[type];
  const compression = num(ifd, TAG.Compression, 1);
  const predictor = num(ifd, TAG.Predictor, 1);
  const rowBytes = w * spp * bytesPer;
  const out = new Uint8Array(h * rowBytes);
  const bad = (what: string): never => { throw new InputError(file, `corrupt TIFF: ${what}`); };
  const chunk = (off: number, len: number, expected: number, rows: number, cols: number): Uint8Array => {
    if (off + len > bytes.length || len < 0) bad('image data runs past the end of the file (truncated?)');
    const d = decompress(bytes.subarray(off, off + len), compression, expected);
    if (d === null) bad(compression === 1 || [5, 8, 32946, 32773].includes(compression) ? 'compressed data cannot be decoded' : `unsupported compression ${compression}`);
    const buf = d!.length >= expected ? d! : (() => { const b = new Uint8Array(expected); b.set(d!); return b; })();
    if (predictor === 2) undoPredictor(buf, cols, rows, spp, bytesPer, le);
    return buf;
  };
  if (ifd.tags.has(TAG.TileOffsets)) {
    const tw = num(ifd, TAG.TileWidth, 0);
    const tl = num(ifd, TAG.TileLength, 0);
    if (!(tw > 0 && tl > 0)) bad('bad tile size');
    const offs = nums(ifd, TAG.TileOffsets);
    const lens = nums(ifd, TAG.TileByteCounts);
    const across = Math.ceil(w / tw);
    const down = Math.ceil(h / tl);
    if (offs.length < across * down || lens.length < across * down) bad('missing tiles');
    const tileRow = tw * spp * bytesPer;
    for (let ty = 0; ty < down; ty++) {
      for (let tx = 0; tx < across; tx++) {
        const t = ty * across + tx;
        const tile = chunk(offs[t]!, lens[t]!, tl * tileRow, tl, tw);
        const cw = Math.min(tw, w - tx * tw) * spp * bytesPer;
        for (let r = 0; r < tl && ty * tl + r < h; r++) {
          out.set(tile.subarray(r * tileRow, r * tileRow + cw), (ty * tl + r) * rowBytes + tx * tileRow);
        }
      }
    }
  } else {
    const offs = nums(ifd, TAG.StripOffsets);
    let lens = nums(ifd, TAG.StripByteCounts);
    const rps = Math.min(num(ifd, TAG.RowsPerStrip, h), h) || h;
    const strips = Math.ceil(h / rps);
    if (lens.length === 0 && compression === 1 && offs.length === strips) lens = offs.map((_, i) => Math.min(rps, h - i * rps) * rowBytes);
    if (offs.length < strips || lens.length < strips) bad('missing strips');
    for (let s = 0; s < strips; s++) {
      const rows = Math.min(rps, h - s * rps);
      const expected = rows * rowBytes;
      const len = compression === 1 ? Math.min(lens[s]!, expected) : lens[s]!;
      if (compression === 1 && lens[s]! < expected) bad('strip shorter than its rows');
      out.set(chunk(offs[s]!, len, expected, rows, w).subarray(0, expected), s * rps * rowBytes);
    }
  }
  const shape = spp > 1 ? [h, w, spp] : [h, w];
  const values = decodeArray(out, 0, shapeSize(shape), type, le);
  if (values === null) bad('pixel data too short');
  return { shape, dtype: type, values: values! };
}

/** What the pages declare they decode to (width × height × samples × bytes per sample, summed), before any is read. */
function declaredBytes(ifds: Ifd[], copies: number): number {
  let total = 0;
  for (const ifd of ifds) {
    const bits = nums(ifd, TAG.BitsPerSample)[0] ?? 1;
    total += num(ifd, TAG.ImageWidth, 0) * num(ifd, TAG.ImageLength, 0) * num(ifd, TAG.SamplesPerPixel, 1) * Math.max(1, bits / 8);
  }
  return total * copies;
}

/** ImageJ files over 4 GiB (and some writers) keep a stack contiguous behind a single IFD ('images=N'). */
function contiguousImageJStack(bytes: Uint8Array, ifd: Ifd, le: boolean, file: string, n: number): Page[] | null {
  if (num(ifd, TAG.Compression, 1) !== 1 || nums(ifd, TAG.StripOffsets).length !== 1) return null;
  const first = readPage(bytes, ifd, le, file);
  const pageBytes = shapeSize(first.shape) * SCALAR_SIZE[first.dtype];
  const start = nums(ifd, TAG.StripOffsets)[0]!;
  if (start + n * pageBytes > bytes.length) throw new InputError(file, `truncated ImageJ stack (${n} images declared)`);
  const pages: Page[] = [first];
  for (let i = 1; i < n; i++) {
    pages.push({ shape: first.shape, dtype: first.dtype, values: decodeArray(bytes, start + i * pageBytes, shapeSize(first.shape), first.dtype, le)! });
  }
  return pages;
}

/**
 * All images of a TIFF. Pages of one shape and type without distinct labels form one stack
 * [frames, rows, cols]; labelled pages (ImageJ slice labels, PageName) are separate records.
 */
export function parseTiff(bytes: Uint8Array, file: string): ImageRecord[] {
  const { ifds, littleEndian } = parseIfds(bytes, file);
  // Reduced-resolution pages (thumbnails, pyramids: NewSubfileType bit 0) are not data.
  const main = ifds.filter((ifd, i) => i === 0 || (num(ifd, TAG.NewSubfileType, 0) & 1) === 0);
  const ij = parseImageJDescription(str(main[0]!, TAG.ImageDescription));
  const declared = Number(ij?.get('images') ?? '1');
  checkDecodedSize(file, `the TIFF's ${main.length > 1 ? `${main.length} pages` : 'image'}`, declaredBytes(main, main.length === 1 && declared > 1 ? declared : 1));
  let pages: Page[];
  if (main.length === 1 && Number.isSafeInteger(declared) && declared > 1) {
    pages = contiguousImageJStack(bytes, main[0]!, littleEndian, file, declared) ?? [readPage(bytes, main[0]!, littleEndian, file)];
  } else {
    pages = main.map((ifd) => readPage(bytes, ifd, littleEndian, file));
  }
  const cal = readCalibration(main[0]!);
  let labels = imageJLabels(main[0]!);
  if (labels.length !== pages.length) {
    labels = main.map((ifd) => str(ifd, TAG.PageName) ?? '');
    if (labels.length !== pages.length) labels = pages.map(() => '');
  }
  const meta: Record<string, unknown> = { format: 'tiff', calibration: cal.source, pages: pages.length };
  const description = str(main[0]!, TAG.ImageDescription);
  if (description !== null) meta['description'] = description;
  if (ij?.has('fusem')) meta['fusem'] = ij.get('fusem');
  const distinct = new Set(labels.filter((l) => l !== '')).size === pages.length;
  const uniform = pages.every((p) => p.dtype === pages[0]!.dtype && p.shape.join() === pages[0]!.shape.join() && p.shape.length === 2);
  if (pages.length > 1 && uniform && !distinct) {
    const per = pages[0]!.values.length;
    const all = new Float64Array(per * pages.length);
    pages.forEach((p, i) => { for (let j = 0; j < per; j++) all[i * per + j] = Number(p.values[j]!); });
    const rec = makeRecord({ title: '', shape: [pages.length, ...pages[0]!.shape], dtype: pages[0]!.dtype, values: all, pixelSize: cal.pixelSize, unit: cal.unit, metadata: meta });
    return [rec];
  }
  return pages.map((p, i) => makeRecord({
    title: pages.length > 1 ? labels[i]! : labels[i] ?? '',
    shape: p.shape, dtype: p.dtype, values: p.values, pixelSize: cal.pixelSize, unit: cal.unit,
    metadata: { ...meta, page: i, ...(p.shape.length === 3 ? { colour: true } : {}) },
  }));
}
