// Independent decoders used by the figure tests: PNG chunks + unfiltering, a minimal PDF object/xref reader, a strict mini XML parser.
import { crc32 as nodeCrc32, inflateSync } from 'node:zlib';

export interface PngChunk { type: string; data: Uint8Array; crc: number; crcOk: boolean }

export const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngChunks(png: Uint8Array): PngChunk[] {
  for (let i = 0; i < 8; i++) if (png[i] !== PNG_SIG[i]) throw new Error('bad PNG signature');
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let o = 8;
  while (o < png.length) {
    const len = v.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    const data = png.slice(o + 8, o + 8 + len);
    const crc = v.getUint32(o + 8 + len);
    const crcOk = nodeCrc32(png.subarray(o + 4, o + 8 + len)) === crc;
    chunks.push({ type, data, crc, crcOk });
    o += 12 + len;
  }
  if (o !== png.length) throw new Error('trailing bytes');
  return chunks;
}

/** Reverses PNG filtering (spec §9) of `rows` rows of rowBytes bytes each. */
export function unfilter(filtered: Uint8Array, rowBytes: number, rows: number, bpp: number): { pixels: Uint8Array; types: number[] } {
  const out = new Uint8Array(rowBytes * rows);
  const types: number[] = [];
  for (let y = 0; y < rows; y++) {
    const type = filtered[y * (rowBytes + 1)]!;
    types.push(type);
    for (let i = 0; i < rowBytes; i++) {
      const x = filtered[y * (rowBytes + 1) + 1 + i]!;
      const a = i >= bpp ? out[y * rowBytes + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * rowBytes + i]! : 0;
      const c = y > 0 && i >= bpp ? out[(y - 1) * rowBytes + i - bpp]! : 0;
      let pred: number;
      if (type === 0) pred = 0;
      else if (type === 1) pred = a;
      else if (type === 2) pred = b;
      else if (type === 3) pred = (a + b) >> 1;
      else if (type === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`bad filter type ${type}`);
      out[y * rowBytes + i] = (x + pred) & 0xff;
    }
  }
  return { pixels: out, types };
}

export interface DecodedPng { width: number; height: number; bitDepth: number; colorType: number; interlace: number; rgba: Uint8Array; filterTypes: number[]; chunks: PngChunk[] }

export function decodePng(png: Uint8Array): DecodedPng {
  const chunks = pngChunks(png);
  const ihdr = chunks[0]!;
  if (ihdr.type !== 'IHDR') throw new Error('IHDR must come first');
  const v = new DataView(ihdr.data.buffer);
  const width = v.getUint32(0), height = v.getUint32(4);
  const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const raw = new Uint8Array(inflateSync(idat));
  const { pixels, types } = unfilter(raw, width * 4, height, 4);
  return { width, height, bitDepth: ihdr.data[8]!, colorType: ihdr.data[9]!, interlace: ihdr.data[12]!, rgba: pixels, filterTypes: types, chunks };
}

// ---- PDF ----

export interface PdfObject { num: number; offset: number; dict: string; stream?: Uint8Array }
export interface ParsedPdf { header: string; startxref: number; size: number; offsets: number[]; trailer: string; objects: Map<number, PdfObject> }

export const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** Reads a classic-xref PDF: every in-use xref offset must point at "N 0 obj"; stream lengths must land on "endstream". */
export function parsePdf(pdf: Uint8Array): ParsedPdf {
  const text = latin1(pdf);
  const header = text.slice(0, 8);
  const m = /startxref\n(\d+)\n%%EOF\n?$/.exec(text);
  if (!m) throw new Error('no startxref at end');
  const startxref = Number(m[1]);
  const xrefText = text.slice(startxref);
  const xm = /^xref\n0 (\d+)\n/.exec(xrefText);
  if (!xm) throw new Error(`no xref at ${startxref}`);
  const size = Number(xm[1]);
  const offsets: number[] = [];
  let o = xm[0].length;
  for (let i = 0; i < size; i++) {
    const entry = xrefText.slice(o, o + 20);
    if (!/^\d{10} \d{5} [nf](\r\n| \n| \r)$/.test(entry)) throw new Error(`bad xref entry ${i}: ${JSON.stringify(entry)}`);
    offsets.push(entry[17] === 'n' ? Number(entry.slice(0, 10)) : -1);
    o += 20;
  }
  const trailer = /trailer\s*(<<[\s\S]*?>>)\s*startxref/.exec(xrefText)![1]!;
  const objects = new Map<number, PdfObject>();
  offsets.forEach((off, num) => {
    if (off < 0) return;
    const head = `${num} 0 obj\n`;
    if (text.slice(off, off + head.length) !== head) throw new Error(`xref entry ${num} (${off}) does not point at "${num} 0 obj"`);
    const body = off + head.length;
    const streamAt = text.indexOf('stream\n', body);
    const endobj = text.indexOf('endobj', body);
    if (streamAt >= 0 && streamAt < endobj) {
      const dict = text.slice(body, streamAt).trim();
      const len = Number(/\/Length (\d+)/.exec(dict)![1]);
      const start = streamAt + 'stream\n'.length;
      if (text.slice(start + len, start + len + 10) !== '\nendstream') throw new Error(`object ${num}: /Length ${len} does not end at endstream`);
      objects.set(num, { num, offset: off, dict, stream: pdf.slice(start, start + len) });
    } else {
      objects.set(num, { num, offset: off, dict: text.slice(body, endobj).trim() });
    }
  });
  return { header, startxref, size, offsets, trailer, objects };
}

// ---- XML ----

export interface XmlElement { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescape(s: string): string {
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(s)) throw new Error(`bad entity in ${JSON.stringify(s.slice(0, 80))}`);
  if (/[<]/.test(s)) throw new Error('raw < in text');
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);
}

/** Strict enough for generated SVG: declaration, elements, double-quoted attributes, text with the five entities. Throws on anything malformed. */
export function parseXml(xml: string): XmlElement {
  let s = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const tag = /^<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/;
  while (s.length) {
    if (s[0] === '<') {
      const m = tag.exec(s);
      if (!m) throw new Error(`malformed tag at ${JSON.stringify(s.slice(0, 60))}`);
      const [all, close, name, attrText, selfClose] = m;
      if (close) {
        const top = stack.pop()!;
        if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      } else {
        const attrs: Record<string, string> = {};
        for (const a of attrText!.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
          if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
          attrs[a[1]!] = unescape(a[2]!);
        }
        const el: XmlElement = { name: name!, attrs, children: [], text: '' };
        stack[stack.length - 1]!.children.push(el);
        if (!selfClose) stack.push(el);
      }
      s = s.slice(all.length);
    } else {
      const end = s.indexOf('<');
      const chunk = end < 0 ? s : s.slice(0, end);
      stack[stack.length - 1]!.text += unescape(chunk);
      s = end < 0 ? '' : s.slice(end);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1 || root.text.trim()) throw new Error('document must have exactly one root element');
  return root.children[0]!;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}
