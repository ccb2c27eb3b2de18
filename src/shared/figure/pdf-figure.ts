/** FigureModel → single-page PDF 1.4 written object by object (ISO 32000-1 §7): vector paths and Helvetica text in an uncompressed content stream, images as FlateDecode XObjects (PNG predictors, alpha as /SMask). */
import type { Rgb } from './colormaps.js';
import { zlibCompress } from './deflate.js';
import { layoutFigure, type Primitive } from './figure-layout.js';
import type { FigureImage, FigureModel } from './figure-model.js';
import { winAnsiTextWidth } from './font-metrics.js';
import { formatNumber as f } from './number-format.js';
import { filterScanlines } from './png-filter.js';
import { toWinAnsi } from './win-ansi.js';

export const PT_PER_MM = 72 / 25.4;

export interface PdfOptions {
  /** Written as /CreationDate when given (omitted by default so output is reproducible). */
  readonly creationDate?: Date;
}

function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** A PDF literal string "(…)" of WinAnsi bytes; ( ) \ escaped, non-printable bytes as \ooo. */
export function pdfString(text: string): string {
  let s = '(';
  for (const b of toWinAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) s += '\\' + b.toString(8).padStart(3, '0');
    else s += String.fromCharCode(b);
  }
  return s + ')';
}

function rgb(c: Rgb): string {
  return `${f(c[0] / 255, 4)} ${f(c[1] / 255, 4)} ${f(c[2] / 255, 4)}`;
}

class PdfWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  readonly offsets: number[] = [];
  push(bytes: Uint8Array | string): void {
    const b = typeof bytes === 'string' ? ascii(bytes) : bytes;
    this.parts.push(b);
    this.length += b.length;
  }
  get position(): number {
    return this.length;
  }
  /** Writes object `num` (numbers must be written 1, 2, 3 … in order). */
  object(num: number, dict: string, stream?: Uint8Array): void {
    if (!dict.endsWith('>>')) throw new Error(`object ${num}: dictionary must end with >>`);
    this.offsets[num] = this.length;
    if (stream === undefined) {
      this.push(`${num} 0 obj\n${dict}\nendobj\n`);
      return;
    }
    this.push(`${num} 0 obj\n${dict.slice(0, -2)} /Length ${stream.length} >>\nstream\n`);
    this.push(stream);
    this.push('\nendstream\nendobj\n');
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function imageObjects(img: FigureImage): { rgb: Uint8Array; alpha: Uint8Array | null } {
  const n = img.width * img.height;
  const rgbBytes = new Uint8Array(3 * n);
  const alpha = new Uint8Array(n);
  let opaque = true;
  for (let i = 0; i < n; i++) {
    rgbBytes[3 * i] = img.rgba[4 * i]!;
    rgbBytes[3 * i + 1] = img.rgba[4 * i + 1]!;
    rgbBytes[3 * i + 2] = img.rgba[4 * i + 2]!;
    alpha[i] = img.rgba[4 * i + 3]!;
    if (alpha[i] !== 255) opaque = false;
  }
  return { rgb: rgbBytes, alpha: opaque ? null : alpha };
}

function pdfDate(d: Date): string {
  const p = (v: number): string => String(v).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/**
 * Renders the figure as a one-page PDF 1.4: MediaBox = widthMm × layout height in points (1 pt = 1/72 in),
 * fonts /F1 Helvetica and /F2 Helvetica-Bold (standard Type 1, WinAnsiEncoding), images /Im1… without interpolation.
 * Object order: 1 Catalog, 2 Pages, 3 Page, 4 content stream, 5–6 fonts, then images (+ SMasks), last the Info dictionary.
 */
export function renderFigurePdf(fig: FigureModel, options: PdfOptions = {}): Uint8Array {
  const layout = layoutFigure(fig);
  const k = PT_PER_MM;
  const W = layout.widthMm * k;
  const H = layout.heightMm * k;
  const X = (mm: number): string => f(mm * k);
  const Y = (mm: number): string => f(H - mm * k);

  const ops: string[] = [];
  const images: { name: string; img: FigureImage }[] = [];
  for (const p of layout.primitives as readonly Primitive[]) {
    switch (p.kind) {
      case 'rect': {
        const box = `${X(p.x)} ${Y(p.y + p.h)} ${f(p.w * k)} ${f(p.h * k)} re`;
        if (p.fill) ops.push(`${rgb(p.fill)} rg ${box} f`);
        if (p.stroke) ops.push(`${rgb(p.stroke)} RG ${f((p.strokeWidth ?? 0.1) * k)} w ${box} S`);
        break;
      }
      case 'line':
        ops.push(`${rgb(p.color)} RG ${f(p.width * k)} w 0 J ${X(p.x1)} ${Y(p.y1)} m ${X(p.x2)} ${Y(p.y2)} l S`);
        break;
      case 'text': {
        const size = p.size * k;
        const w = winAnsiTextWidth(toWinAnsi(p.text), p.bold) * size;
        const x = p.x * k - (p.anchor === 'middle' ? w / 2 : p.anchor === 'end' ? w : 0);
        ops.push(`BT /${p.bold ? 'F2' : 'F1'} ${f(size)} Tf ${rgb(p.color)} rg 1 0 0 1 ${f(x)} ${Y(p.y)} Tm ${pdfString(p.text)} Tj ET`);
        break;
      }
      case 'image': {
        const name = `Im${images.length + 1}`;
        images.push({ name, img: p.image });
        ops.push(`q ${f(p.w * k)} 0 0 ${f(p.h * k)} ${X(p.x)} ${Y(p.y + p.h)} cm /${name} Do Q`);
        break;
      }
    }
  }
  const content = ascii(ops.join('\n') + '\n');

  // Object numbers: images take one object each, plus one per SMask.
  const encoded = images.map(({ name, img }) => ({ name, img, ...imageObjects(img) }));
  let next = 7;
  const numbered = encoded.map((e) => {
    const num = next++;
    const smask = e.alpha ? next++ : 0;
    return { ...e, num, smask };
  });
  const infoNum = next++;

  const w = new PdfWriter();
  w.push('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n');
  w.object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  w.object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  const xobjects = numbered.map((e) => `/${e.name} ${e.num} 0 R`).join(' ');
  w.object(
    3,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${f(W)} ${f(H)}] /Resources << /ProcSet [/PDF /Text /ImageC /ImageB] /Font << /F1 5 0 R /F2 6 0 R >>` +
      (xobjects ? ` /XObject << ${xobjects} >>` : '') +
      ' >> /Contents 4 0 R >>',
  );
  w.object(4, '<< >>', content);
  w.object(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  w.object(6, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  for (const e of numbered) {
    const { width, height } = e.img;
    const params = (colors: number): string => `/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors ${colors} /BitsPerComponent 8 /Columns ${width} >>`;
    w.object(
      e.num,
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Interpolate false ${params(3)}` +
        (e.smask ? ` /SMask ${e.smask} 0 R` : '') +
        ' >>',
      zlibCompress(filterScanlines(e.rgb, width, height, 3)),
    );
    if (e.smask) {
      w.object(
        e.smask,
        `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Interpolate false ${params(1)} >>`,
        zlibCompress(filterScanlines(e.alpha!, width, height, 1)),
      );
    }
  }
  let info = '<< /Producer (fusem)';
  if (fig.title) info += ` /Title ${pdfString(fig.title)}`;
  if (options.creationDate) info += ` /CreationDate (${pdfDate(options.creationDate)})`;
  w.object(infoNum, info + ' >>');

  const xref = w.position;
  const size = infoNum + 1;
  let table = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
  for (let i = 1; i < size; i++) table += `${String(w.offsets[i]).padStart(10, '0')} 00000 n\r\n`;
  w.push(table);
  w.push(`trailer\n<< /Size ${size} /Root 1 0 R /Info ${infoNum} 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return w.bytes();
}
