// TIFF calibration: ImageJ description (unit=, spacing=) with X/YResolution, or Gatan DM private tags 65003–65010.

import { type Ifd, num, nums, str } from './ifd.js';
import { TAG } from './spec.js';

/** ImageJ's 'ImageJ=...\nkey=value\n' description as a map, or null when the page is not ImageJ's. */
export function parseImageJDescription(desc: string | null): Map<string, string> | null {
  if (desc === null || !desc.startsWith('ImageJ=')) return null;
  const m = new Map<string, string>();
  for (const line of desc.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

/** Unit names ImageJ writes, as fusem reports them. */
export function normaliseUnit(u: string): string {
  const t = u.trim();
  if (t === 'micron' || t === 'microns' || t === 'um' || t === '\\u00B5m' || t === 'µm') return 'µm';
  if (t === 'angstrom' || t === 'A' || t === 'Å') return 'Å';
  return t;
}

/** ImageJ's unit name for a fusem unit. */
export function imageJUnit(u: string): string {
  if (u === 'µm' || u === 'um') return 'micron';
  if (u === 'Å') return 'angstrom';
  return u;
}

export interface TiffCalibration {
  pixelSize: [number, number] | null;
  unit: string | null;
  source: 'imagej' | 'dm' | null;
}

function rationalScale(ifd: Ifd, tag: number): number | null {
  const r = nums(ifd, tag);
  if (r.length < 2 || !(r[0]! > 0) || !(r[1]! > 0)) return null;
  return r[1]! / r[0]!; // pixels per unit = num/den, so the pixel size is den/num
}

/** Pixel size [y, x] and unit of a page, from DM tags or the ImageJ description. */
export function readCalibration(ifd: Ifd): TiffCalibration {
  const dmx = num(ifd, TAG.DMScaleX, NaN);
  const dmy = num(ifd, TAG.DMScaleY, NaN);
  if (Number.isFinite(dmx) && Number.isFinite(dmy) && dmx > 0 && dmy > 0) {
    const ux = str(ifd, TAG.DMUnitX);
    const uy = str(ifd, TAG.DMUnitY);
    const unit = ux !== null && ux !== '' ? normaliseUnit(ux) : uy !== null && uy !== '' ? normaliseUnit(uy) : null;
    return { pixelSize: [dmy, dmx], unit, source: 'dm' };
  }
  const ij = parseImageJDescription(str(ifd, TAG.ImageDescription));
  if (ij) {
    const unit = ij.get('unit');
    const sx = rationalScale(ifd, TAG.XResolution);
    const sy = rationalScale(ifd, TAG.YResolution) ?? sx;
    if (unit !== undefined && unit !== 'pixel' && sx !== null && sy !== null) {
      return { pixelSize: [sy, sx], unit: normaliseUnit(unit), source: 'imagej' };
    }
  }
  return { pixelSize: null, unit: null, source: null };
}

/** ImageJ slice labels from IJMetadata ('IJIJ' header, 'labl' entries as UTF-16BE), or []. */
export function imageJLabels(ifd: Ifd): string[] {
  const counts = nums(ifd, TAG.IJMetadataByteCounts);
  const raw = ifd.tags.get(TAG.IJMetadata);
  const bytes = raw instanceof Uint8Array ? raw : null;
  if (!bytes || counts.length < 2 || bytes.length < counts[0]!) return [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const hdr = counts[0]!;
  if (hdr < 4 || dv.getUint32(0, false) !== 0x494a494a) return [];
  let pos = hdr;
  let k = 1;
  const labels: string[] = [];
  for (let h = 4; h + 8 <= hdr; h += 8) {
    const type = dv.getUint32(h, false);
    const n = dv.getUint32(h + 4, false);
    for (let i = 0; i < n && k < counts.length; i++, k++) {
      const len = counts[k]!;
      if (type === 0x6c61626c && pos + len <= bytes.length) {
        let s = '';
        for (let j = 0; j + 1 < len; j += 2) s += String.fromCharCode(dv.getUint16(pos + j, false));
        labels.push(s);
      }
      pos += len;
    }
  }
  return labels;
}
