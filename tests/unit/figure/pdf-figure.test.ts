import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { layoutFigure, pdfString, renderFigurePdf, toWinAnsi } from '../../../src/shared/figure/index.js';
import { latin1, parsePdf, unfilter } from './decode.js';
import { CELL_W, H, W, makeFigure } from './fixture.js';

const PT = 72 / 25.4;
const num = (n: number): string => String(Number(n.toFixed(3)));

/** True unless spawning the tool fails with ENOENT (some poppler versions exit non-zero for -v). */
function have(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
const POPPLER = have('pdftotext') && have('pdfinfo');
if (!POPPLER) console.warn('pdf-figure.test: pdftotext/pdfinfo not found; skipping the poppler checks (install Debian package poppler-utils)');

describe('renderFigurePdf', () => {
  const fig = makeFigure();
  const pdf = renderFigurePdf(fig);
  const doc = parsePdf(pdf);
  const heightMm = layoutFigure(fig).heightMm;
  const content = latin1(doc.objects.get(4)!.stream!);

  it('has a PDF 1.4 header, an xref whose offsets point at each "N 0 obj", and a matching trailer', () => {
    expect(doc.header).toBe('%PDF-1.4');
    expect(Array.from(pdf.subarray(9, 15))).toEqual([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]); // binary marker comment
    // objects: 1 catalog, 2 pages, 3 page, 4 content, 5-6 fonts, 7 Im1, 8 Im2, 9 Im2's SMask, 10 Im3, 11 info
    expect(doc.size).toBe(12);
    expect(doc.offsets[0]).toBe(-1);
    expect([...doc.objects.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(doc.trailer).toBe('<< /Size 12 /Root 1 0 R /Info 11 0 R >>');
    expect(doc.objects.get(1)!.dict).toBe('<< /Type /Catalog /Pages 2 0 R >>');
    expect(doc.objects.get(2)!.dict).toBe('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
    expect(doc.objects.get(11)!.dict).toBe('<< /Producer (fusem) /Title (Fe \\(K\\) & O <fused>) >>');
  });

  it('sizes the page MediaBox in points from widthMm', () => {
    const page = doc.objects.get(3)!.dict;
    expect(page).toContain(`/MediaBox [0 0 ${num(180 * PT)} ${num(heightMm * PT)}]`);
    expect(num(180 * PT)).toBe('510.236');
    expect(page).toContain('/Font << /F1 5 0 R /F2 6 0 R >>');
    expect(page).toContain('/XObject << /Im1 7 0 R /Im2 8 0 R /Im3 10 0 R >>');
    expect(page).toContain('/Contents 4 0 R');
    expect(doc.objects.get(5)!.dict).toBe('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    expect(doc.objects.get(6)!.dict).toBe('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  });

  it('draws the scale bar as a filled rect and its label, titles and ticks as Helvetica text', () => {
    // scale bar of panel a: x 68.605 mm, width 17.3 mm, white
    const inset = 0.03 * CELL_W;
    const barH = Math.max(0.4, ((8 * 25.4) / 72) * 0.3);
    const y = heightMm - (2 + 1.6 * ((8 * 25.4) / 72) + (CELL_W * H) / W - inset);
    expect(content).toContain(`1 1 1 rg ${num(68.605 * PT)} ${num(y * PT)} ${num(17.3 * PT)} ${num(barH * PT)} re f`);
    expect(content).toContain('(2 nm) Tj');
    expect(content).toMatch(/BT \/F2 [\d.]+ Tf 1 1 1 rg 1 0 0 1 [\d.]+ [\d.]+ Tm \(2 nm\) Tj ET/);
    expect(content).toContain('(scale unknown) Tj');
    expect(content).toContain('(Overlay <Fe & O>) Tj');
    for (const t of ['(0) Tj', '(10) Tj', '(40) Tj', '(Fe \\(counts\\)) Tj', '(Fe K) Tj', '(O K) Tj']) expect(content).toContain(t);
    expect(content).toMatch(/BT \/F2 [\d.]+ Tf 0 0 0 rg 1 0 0 1 [\d.]+ [\d.]+ Tm \(a\) Tj ET/);
    expect(content).toContain(`q ${num(CELL_W * PT)} 0 0 ${num(((CELL_W * H) / W) * PT)} `);
    expect(content).toContain('/Im1 Do Q');
    expect(content).toMatch(/ re S\n/); // colour-bar frame
    expect(content).toMatch(/ m [\d.]+ [\d.]+ l S\n/); // tick marks
  });

  it('stores images as FlateDecode XObjects with PNG predictors, and alpha as an SMask', () => {
    const decode = (obj: number, colors: number): Uint8Array => {
      const o = doc.objects.get(obj)!;
      expect(o.dict).toContain(`/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors ${colors} /BitsPerComponent 8 /Columns ${W} >>`);
      expect(o.dict).toContain(`/Width ${W} /Height ${H}`);
      expect(o.dict).toContain('/Interpolate false');
      return unfilter(new Uint8Array(inflateSync(o.stream!)), W * colors, H, colors).pixels;
    };
    fig.panels.forEach((p, i) => {
      const rgb = decode([7, 8, 10][i]!, 3);
      const expected = new Uint8Array(W * H * 3);
      for (let k = 0; k < W * H; k++) expected.set(p.image.rgba.subarray(4 * k, 4 * k + 3), 3 * k);
      expect(rgb).toEqual(expected);
    });
    expect(doc.objects.get(7)!.dict).not.toContain('/SMask');
    expect(doc.objects.get(8)!.dict).toContain('/SMask 9 0 R');
    expect(doc.objects.get(9)!.dict).toContain('/ColorSpace /DeviceGray');
    const alpha = decode(9, 1);
    expect(alpha[0]).toBe(0); // NaN corner is transparent
    expect(alpha[W * H - 1]).toBe(255);
  });

  it('is deterministic unless a creation date is given', () => {
    expect(renderFigurePdf(fig)).toEqual(pdf);
    const dated = parsePdf(renderFigurePdf(fig, { creationDate: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) }));
    expect(dated.objects.get(11)!.dict).toContain('/CreationDate (D:20250102030405Z)');
  });

  it('writes a figure without panels as an empty page', () => {
    const empty = parsePdf(renderFigurePdf(makeFigure({ panels: [] })));
    expect(empty.size).toBe(8);
    expect(empty.objects.get(3)!.dict).toContain('/MediaBox [0 0 510.236 11.339]');
  });

  it.skipIf(!POPPLER)('pdftotext finds the labels and pdfinfo reads the page size (poppler-utils)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fusem-pdf-'));
    try {
      const file = join(dir, 'figure.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const s of ['HAADF', 'Fe K (fused)', '2 nm', 'scale unknown', 'Fe (counts)', 'Overlay <Fe & O>', '40']) expect(text).toContain(s);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(/PDF version:\s+1\.4\n/);
      expect(info).toContain(`Page size:       510.236 x ${num(heightMm * PT)} pts`);
      expect(info).toMatch(/Title:\s+Fe \(K\) & O <fused>\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pdfString / toWinAnsi', () => {
  it('escapes delimiters and writes non-ASCII WinAnsi bytes in octal', () => {
    expect(pdfString('a(b)c\\')).toBe('(a\\(b\\)c\\\\)');
    expect(pdfString('5 \u00B5m')).toBe('(5 \\265m)');
    expect(pdfString('2 \u03BCm')).toBe('(2 \\265m)'); // Greek mu → micro sign
    expect(pdfString('5 \u00C5')).toBe('(5 \\305)');
    expect(pdfString('5 \u212B')).toBe('(5 \\305)'); // Angstrom sign → Å
    expect(pdfString('a\u2013b \u2212 γ')).toBe('(a\\226b - ?)'); // en dash; minus → hyphen; no Greek in WinAnsi
    expect(Array.from(toWinAnsi('x\ty\n😀'))).toEqual([0x78, 0x20, 0x79, 0x20, 0x3f]);
  });
});
