/**
 * A single-stroke sans-serif font for rasterising figure text without a font engine (raster-figure.ts): each glyph
 * is a few pen strokes in units of 0.1 em (baseline y = 0, y up; cap height 7, x-height 5.2, descender −2), drawn
 * with the advance widths of Helvetica (font-metrics.ts), so text takes exactly the room the layout measured for
 * the PDF and SVG writers. Keyed by WinAnsi code (win-ansi.ts), as the PDF writer encodes text.
 *
 * Path syntax: `M x y` move, `L x y` line, `C x1 y1 x2 y2 x y` cubic Bézier, `Z` close,
 * `E cx cy rx ry` a whole ellipse, `A cx cy rx ry a0 a1` an elliptic arc from angle a0 to a1 (degrees, counter-clockwise
 * when a1 > a0).
 */

const GLYPHS: Readonly<Record<string, string>> = {
  '0': 'E 2.78 3.5 2.25 3.55',
  '1': 'M 1.1 5.4 L 3.1 7 L 3.1 0',
  '2': 'A 2.7 5 2.1 2 160 -15 L 0.5 0 L 5 0',
  '3': 'A 2.7 5.3 1.9 1.7 150 -90 A 2.7 1.8 2.1 1.8 90 -150',
  '4': 'M 3.8 0 L 3.8 7 L 0.4 2 L 5.1 2',
  '5': 'M 4.7 7 L 1.3 7 L 0.9 3.8 A 2.75 2.2 2.2 2.2 135 -140',
  '6': 'E 2.8 2.2 2.2 2.2 M 0.6 2.2 C 0.6 5.5 1.7 7 2.9 7 C 3.9 7 4.5 6.4 4.7 5.6',
  '7': 'M 0.5 7 L 5 7 L 2 0',
  '8': 'E 2.78 5.35 1.9 1.65 E 2.78 1.85 2.2 1.85',
  '9': 'E 2.76 4.8 2.2 2.2 M 4.96 4.8 C 4.96 1.5 3.9 0 2.7 0 C 1.7 0 1.1 0.6 0.9 1.4',
  A: 'M 0.2 0 L 3.33 7 L 6.45 0 M 1.35 2.4 L 5.3 2.4',
  B: 'M 0.8 0 L 0.8 7 L 3.9 7 C 5.3 7 5.7 6.2 5.7 5.3 C 5.7 4.4 5.1 3.7 3.9 3.7 L 0.8 3.7 M 3.9 3.7 C 5.4 3.7 6 2.9 6 1.85 C 6 0.8 5.3 0 3.9 0 L 0.8 0',
  C: 'A 3.75 3.5 3.05 3.6 40 320',
  D: 'M 0.8 0 L 0.8 7 L 3.2 7 C 5.5 7 6.5 5.4 6.5 3.5 C 6.5 1.6 5.5 0 3.2 0 Z',
  E: 'M 5.8 7 L 0.8 7 L 0.8 0 L 5.9 0 M 0.8 3.7 L 5.4 3.7',
  F: 'M 5.4 7 L 0.8 7 L 0.8 0 M 0.8 3.7 L 5 3.7',
  G: 'A 3.9 3.5 3.15 3.6 40 360 M 4.3 3.5 L 7.05 3.5',
  H: 'M 0.8 0 L 0.8 7 M 6.4 0 L 6.4 7 M 0.8 3.7 L 6.4 3.7',
  I: 'M 1.39 0 L 1.39 7',
  J: 'M 4.1 7 L 4.1 2 C 4.1 0.6 3.4 -0.1 2.3 -0.1 C 1.1 -0.1 0.4 0.7 0.4 2',
  K: 'M 0.8 0 L 0.8 7 M 6 7 L 0.8 2.2 M 2.6 3.9 L 6.3 0',
  L: 'M 0.8 7 L 0.8 0 L 5.2 0',
  M: 'M 0.8 0 L 0.8 7 L 4.17 0 L 7.55 7 L 7.55 0',
  N: 'M 0.8 0 L 0.8 7 L 6.4 0 L 6.4 7',
  O: 'E 3.9 3.5 3.2 3.6',
  P: 'M 0.8 0 L 0.8 7 L 4 7 C 5.4 7 6 6.1 6 5.1 C 6 4.1 5.4 3.2 4 3.2 L 0.8 3.2',
  Q: 'E 3.9 3.5 3.2 3.6 M 4.6 1.6 L 7.1 -0.3',
  R: 'M 0.8 0 L 0.8 7 L 4.1 7 C 5.5 7 6.1 6.2 6.1 5.2 C 6.1 4.2 5.5 3.4 4.1 3.4 L 0.8 3.4 M 4.1 3.4 L 6.4 0',
  S: 'M 5.6 5.4 C 5.6 6.5 4.6 7.1 3.3 7.1 C 1.9 7.1 1 6.4 1 5.3 C 1 3 5.9 4.2 5.9 1.8 C 5.9 0.6 4.8 -0.1 3.3 -0.1 C 1.7 -0.1 0.7 0.7 0.6 2',
  T: 'M 0.2 7 L 5.9 7 M 3.05 7 L 3.05 0',
  U: 'M 0.8 7 L 0.8 2.4 C 0.8 0.7 1.8 -0.1 3.6 -0.1 C 5.4 -0.1 6.4 0.7 6.4 2.4 L 6.4 7',
  V: 'M 0.2 7 L 3.33 0 L 6.45 7',
  W: 'M 0.2 7 L 2.4 0 L 4.72 7 L 7.05 0 L 9.25 7',
  X: 'M 0.4 7 L 6.25 0 M 6.25 7 L 0.4 0',
  Y: 'M 0.3 7 L 3.33 3.2 L 6.35 7 M 3.33 3.2 L 3.33 0',
  Z: 'M 0.6 7 L 5.6 7 L 0.4 0 L 5.8 0',
  a: 'E 2.4 2.6 1.95 2.65 M 4.4 5.2 L 4.4 0',
  b: 'M 0.75 7.2 L 0.75 0 E 2.8 2.6 2.05 2.65',
  c: 'A 2.6 2.6 2.05 2.7 40 320',
  d: 'E 2.3 2.6 2.05 2.65 M 4.35 7.2 L 4.35 0',
  e: 'M 0.5 2.7 L 4.7 2.7 C 4.7 4.2 3.9 5.3 2.6 5.3 C 1.3 5.3 0.5 4.1 0.5 2.6 C 0.5 1 1.3 -0.1 2.7 -0.1 C 3.6 -0.1 4.3 0.4 4.6 1.3',
  f: 'M 2.8 7.1 C 1.9 7.3 1.4 6.9 1.4 5.9 L 1.4 0 M 0.2 5.1 L 2.6 5.1',
  g: 'E 2.35 2.7 1.95 2.55 M 4.3 5.2 L 4.3 -0.4 C 4.3 -1.6 3.5 -2.1 2.4 -2.1 C 1.5 -2.1 0.8 -1.7 0.6 -1.1',
  h: 'M 0.75 7.2 L 0.75 0 M 0.75 3.3 C 0.95 4.6 1.8 5.3 2.9 5.3 C 4.1 5.3 4.8 4.6 4.8 3.4 L 4.8 0',
  i: 'M 1.11 0 L 1.11 5.2 M 1.11 6.5 L 1.11 7.1',
  j: 'M 1.11 5.2 L 1.11 -1.2 C 1.11 -1.8 0.7 -2.1 0 -2 M 1.11 6.5 L 1.11 7.1',
  k: 'M 0.75 0 L 0.75 7.2 M 4.3 5.2 L 0.75 1.9 M 2 3.1 L 4.6 0',
  l: 'M 1.11 0 L 1.11 7.2',
  m: 'M 0.75 0 L 0.75 5.2 M 0.75 3.5 C 0.95 4.7 1.5 5.3 2.4 5.3 C 3.4 5.3 4.1 4.7 4.1 3.5 L 4.1 0 M 4.1 3.5 C 4.3 4.7 4.9 5.3 5.8 5.3 C 6.8 5.3 7.5 4.7 7.5 3.5 L 7.5 0',
  n: 'M 0.75 0 L 0.75 5.2 M 0.75 3.3 C 0.95 4.6 1.8 5.3 2.9 5.3 C 4.1 5.3 4.8 4.6 4.8 3.4 L 4.8 0',
  o: 'E 2.78 2.6 2.15 2.7',
  p: 'M 0.75 5.2 L 0.75 -2 E 2.8 2.6 2.05 2.65',
  q: 'E 2.3 2.6 2.05 2.65 M 4.35 5.2 L 4.35 -2',
  r: 'M 0.75 0 L 0.75 5.2 M 0.75 3 C 0.95 4.5 1.8 5.3 3.1 5.2',
  s: 'M 4.2 4 C 4 4.8 3.3 5.3 2.3 5.3 C 1.3 5.3 0.6 4.8 0.6 3.9 C 0.6 2.3 4.4 3 4.4 1.3 C 4.4 0.4 3.6 -0.1 2.4 -0.1 C 1.2 -0.1 0.5 0.5 0.4 1.4',
  t: 'M 1.3 6.6 L 1.3 1 C 1.3 0.2 1.7 -0.1 2.6 0.1 M 0.2 5.1 L 2.6 5.1',
  u: 'M 0.75 5.2 L 0.75 1.8 C 0.75 0.6 1.45 -0.1 2.65 -0.1 C 3.75 -0.1 4.6 0.7 4.8 1.9 M 4.8 5.2 L 4.8 0',
  v: 'M 0.2 5.2 L 2.5 0 L 4.8 5.2',
  w: 'M 0.15 5.2 L 1.85 0 L 3.61 5.2 L 5.4 0 L 7.07 5.2',
  x: 'M 0.3 5.2 L 4.7 0 M 4.7 5.2 L 0.3 0',
  y: 'M 0.2 5.2 L 2.5 0 M 4.8 5.2 L 2.2 -1.2 C 1.8 -2 1.3 -2.2 0.5 -2',
  z: 'M 0.5 5.2 L 4.5 5.2 L 0.4 0 L 4.6 0',
  '!': 'M 1.39 7 L 1.39 2 M 1.39 0.4 L 1.39 0',
  '"': 'M 1.1 7 L 1.1 5 M 2.5 7 L 2.5 5',
  '#': 'M 1.6 0 L 2.2 7 M 3.4 0 L 4 7 M 0.6 2.3 L 4.8 2.3 M 0.8 4.7 L 5 4.7',
  $: 'M 4.6 5.2 C 4.5 6.1 3.8 6.6 2.8 6.6 C 1.7 6.6 0.9 6 0.9 5.1 C 0.9 3.1 4.8 4 4.8 1.9 C 4.8 0.9 4 0.3 2.8 0.3 C 1.6 0.3 0.8 0.9 0.7 2 M 2.8 7.6 L 2.8 -0.7',
  '%': 'E 2 5.3 1.35 1.6 E 6.9 1.7 1.35 1.6 M 6.8 7 L 2.1 0',
  '&': 'M 6.2 0 L 1.8 4.6 C 1.1 5.4 1.2 7 2.7 7 C 4.1 7 4.3 5.4 3.4 4.6 L 1.2 2.8 C 0.3 1.9 0.6 -0.1 2.5 -0.1 C 3.9 -0.1 5 0.8 5.6 2.6',
  "'": 'M 0.96 7 L 0.96 5',
  '(': 'A 3.6 2.6 2.7 5.2 120 240',
  ')': 'A -0.3 2.6 2.7 5.2 60 -60',
  '*': 'M 1.95 7 L 1.95 4.6 M 0.8 6.4 L 3.1 5.2 M 3.1 6.4 L 0.8 5.2',
  '+': 'M 2.92 1 L 2.92 5 M 0.9 3 L 4.94 3',
  ',': 'M 1.39 0.5 L 1.39 0 L 0.9 -1.2',
  '-': 'M 0.5 2.6 L 2.83 2.6',
  '.': 'M 1.39 0.4 L 1.39 0',
  '/': 'M 2.6 7.2 L 0.2 -0.2',
  ':': 'M 1.39 0.4 L 1.39 0 M 1.39 5 L 1.39 4.6',
  ';': 'M 1.39 0.5 L 1.39 0 L 0.9 -1.2 M 1.39 5 L 1.39 4.6',
  '<': 'M 4.8 5.2 L 0.9 3 L 4.8 0.8',
  '=': 'M 0.9 2 L 4.94 2 M 0.9 4 L 4.94 4',
  '>': 'M 0.9 5.2 L 4.8 3 L 0.9 0.8',
  '?': 'M 0.8 5 C 0.8 6.3 1.7 7.1 2.8 7.1 C 4 7.1 4.8 6.3 4.8 5.3 C 4.8 3.6 2.8 3.7 2.8 2 M 2.8 0.4 L 2.8 0',
  '@': 'E 5.1 2.9 1.6 1.8 M 6.7 4.6 L 6.7 1.6 C 6.7 0.9 7.2 0.6 7.8 0.8 C 8.9 1.2 9.4 2.4 9.4 3.4 C 9.4 5.6 7.5 7.1 5.1 7.1 C 2.5 7.1 0.7 5.2 0.7 2.9 C 0.7 0.5 2.6 -1.2 5.1 -1.2 C 6.3 -1.2 7.3 -0.9 8 -0.3',
  '[': 'M 2.4 7.2 L 0.9 7.2 L 0.9 -2 L 2.4 -2',
  '\\': 'M 0.2 7.2 L 2.6 -0.2',
  ']': 'M 0.4 7.2 L 1.9 7.2 L 1.9 -2 L 0.4 -2',
  '^': 'M 0.6 4.2 L 2.35 7 L 4.1 4.2',
  _: 'M 0 -1.5 L 5.56 -1.5',
  '`': 'M 0.9 7.2 L 2 6',
  '{': 'M 2.8 7.2 C 1.9 7.2 1.6 6.8 1.6 6 L 1.6 3.4 C 1.6 2.9 1.2 2.6 0.5 2.6 C 1.2 2.6 1.6 2.3 1.6 1.8 L 1.6 -0.8 C 1.6 -1.6 1.9 -2 2.8 -2',
  '|': 'M 1.3 7.2 L 1.3 -2',
  '}': 'M 0.54 7.2 C 1.44 7.2 1.74 6.8 1.74 6 L 1.74 3.4 C 1.74 2.9 2.14 2.6 2.84 2.6 C 2.14 2.6 1.74 2.3 1.74 1.8 L 1.74 -0.8 C 1.74 -1.6 1.44 -2 0.54 -2',
  '~': 'M 0.8 2.6 C 1.4 3.6 2.2 3.6 2.9 3 C 3.6 2.4 4.4 2.4 5 3.4',
  '\u2013': 'M 0 2.7 L 5.56 2.7', // en dash
  '\u2014': 'M 0 2.7 L 10 2.7', // em dash
  '\u2022': 'E 1.75 2.9 0.6 0.6', // bullet
  '\u2019': 'M 1.1 7 L 1.1 6 L 0.7 5.2', // right quote
  '\u00b0': 'E 2 5.9 1.1 1.1', // degree
  '\u00b1': 'M 2.92 2.2 L 2.92 6 M 0.9 4.1 L 4.94 4.1 M 0.9 0.5 L 4.94 0.5',
  '\u00b5': 'M 0.75 5.2 L 0.75 -2 M 0.75 1.8 C 0.75 0.6 1.45 -0.1 2.65 -0.1 C 3.75 -0.1 4.6 0.7 4.8 1.9 M 4.8 5.2 L 4.8 0', // micro
  '\u00b7': 'M 1.39 3 L 1.39 2.7', // middle dot
  '\u00c5': 'M 0.2 0 L 3.33 7 L 6.45 0 M 1.35 2.4 L 5.3 2.4 E 3.33 8.3 0.8 0.75', // Å
  '\u00d7': 'M 1.1 1.2 L 4.7 4.8 M 4.7 1.2 L 1.1 4.8', // multiplication sign
  '\u00b2': 'A 1.8 6.5 1.1 0.9 160 -15 L 0.6 4.4 L 3 4.4', // superscript two
  '\u00b3': 'A 1.8 6.7 1 0.8 150 -90 A 1.8 5.1 1.1 0.8 90 -150', // superscript three
};

/** A glyph: its strokes as polylines in units of 0.1 em (y up). */
export type Glyph = readonly (readonly (readonly [number, number])[])[];

const STEPS = 12; // line pieces per Bézier or per 90° of arc

function parse(path: string): Glyph {
  const t = path.trim().split(/\s+/);
  const strokes: [number, number][][] = [];
  let cur: [number, number][] = [];
  let k = 0;
  const num = (): number => {
    const v = Number(t[k++]);
    if (!Number.isFinite(v)) throw new Error(`stroke font: bad number in ${path}`);
    return v;
  };
  const flush = () => {
    if (cur.length > 1) strokes.push(cur);
    cur = [];
  };
  const arc = (cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, join: boolean) => {
    const n = Math.max(2, Math.ceil((Math.abs(a1 - a0) / 90) * STEPS));
    if (!join) flush();
    for (let i = 0; i <= n; i++) {
      const a = ((a0 + ((a1 - a0) * i) / n) * Math.PI) / 180;
      cur.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
    }
  };
  while (k < t.length) {
    const op = t[k++];
    if (op === 'M') { flush(); cur.push([num(), num()]); }
    else if (op === 'L') cur.push([num(), num()]);
    else if (op === 'Z') { if (cur.length > 0) cur.push(cur[0]!); }
    else if (op === 'C') {
      const p0 = cur.at(-1);
      if (!p0) throw new Error(`stroke font: C without a start point in ${path}`);
      const [x1, y1, x2, y2, x3, y3] = [num(), num(), num(), num(), num(), num()];
      for (let i = 1; i <= STEPS; i++) {
        const s = i / STEPS, u = 1 - s;
        cur.push([u * u * u * p0[0] + 3 * u * u * s * x1 + 3 * u * s * s * x2 + s * s * s * x3, u * u * u * p0[1] + 3 * u * u * s * y1 + 3 * u * s * s * y2 + s * s * s * y3]);
      }
    } else if (op === 'E') { const [cx, cy, rx, ry] = [num(), num(), num(), num()]; arc(cx, cy, rx, ry, 0, 360, false); flush(); }
    else if (op === 'A') {
      const [cx, cy, rx, ry, a0, a1] = [num(), num(), num(), num(), num(), num()];
      // An arc continues the current stroke when it starts where the stroke ends, else starts a new one.
      const last = cur.at(-1);
      const start: [number, number] = [cx + rx * Math.cos((a0 * Math.PI) / 180), cy + ry * Math.sin((a0 * Math.PI) / 180)];
      arc(cx, cy, rx, ry, a0, a1, last !== undefined && Math.hypot(last[0] - start[0], last[1] - start[1]) < 0.3);
    } else throw new Error(`stroke font: unknown command ${op} in ${path}`);
  }
  flush();
  return strokes;
}

const byCode = new Map<number, Glyph>();
for (const [ch, path] of Object.entries(GLYPHS)) {
  const code = ch.codePointAt(0)!;
  const win = code < 0x100 ? code : { 0x2013: 0x96, 0x2014: 0x97, 0x2022: 0x95, 0x2019: 0x92 }[code]!;
  byCode.set(win, parse(path));
}
/** Drawn for a code without a glyph: an open box, so a missing character is visible rather than silently dropped. */
const MISSING: Glyph = parse('M 0.8 0 L 0.8 7 L 4.7 7 L 4.7 0 Z');

/** The strokes of WinAnsi code `code` (space and other blank codes: none). */
export function glyphOf(code: number): Glyph {
  if (code === 0x20 || code === 0xa0) return [];
  return byCode.get(code) ?? MISSING;
}

/** Whether the font has a glyph for WinAnsi code `code`. */
export function hasGlyph(code: number): boolean {
  return code === 0x20 || code === 0xa0 || byCode.has(code);
}
