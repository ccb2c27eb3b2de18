/** Chooses a "nice" scale bar (1, 2 or 5 × 10^k in a unit that keeps the number within 1..999) about 15–25 % of the image width; null when the pixel size is unknown. */

/** Display units, largest first; Å is U+00C5 and µ is U+00B5 so that both exist in PDF WinAnsiEncoding. */
export type LengthUnit = 'm' | 'mm' | '\u00B5m' | 'nm' | '\u00C5' | 'pm';

const UNIT_EXP: readonly (readonly [LengthUnit, number])[] = [
  ['m', 0], ['mm', -3], ['\u00B5m', -6], ['nm', -9], ['\u00C5', -10], ['pm', -12],
];

/** Accepted spellings of a calibration unit → power of ten of metres. Anything else (e.g. "1/nm", "px", "") is treated as unknown. */
const UNIT_EXP10: Readonly<Record<string, number>> = {
  m: 0, mm: -3, '\u00B5m': -6, '\u03BCm': -6, um: -6, nm: -9,
  '\u00C5': -10, '\u212B': -10, A: -10, angstrom: -10, pm: -12,
};

export interface ScaleBar {
  /** Bar length in image pixels (not rounded: vector output draws it exactly). */
  readonly lengthPx: number;
  /** The number in the label, e.g. 5. */
  readonly value: number;
  readonly unit: LengthUnit;
  /** e.g. "5 nm". */
  readonly label: string;
  readonly lengthMetres: number;
  /** lengthPx / image width. */
  readonly fraction: number;
}

export interface ScaleBarOptions {
  /** Preferred fraction of the image width (default 0.2). */
  readonly target?: number;
  /** Acceptable fraction range (default [0.15, 0.25]); when no 1/2/5 length falls inside, the one closest to target (in log ratio) is used. */
  readonly min?: number;
  readonly max?: number;
  /** Use Å for lengths between 0.1 and 1 nm (default true); otherwise pm. */
  readonly angstrom?: boolean;
}

/** Metres per unit for a calibration unit string, or null when it is not a length unit we know. */
export function metresPerUnit(unit: string): number | null {
  const e = unitExp10(unit);
  return e === null ? null : 10 ** e;
}

function unitExp10(unit: string): number | null {
  return Object.hasOwn(UNIT_EXP10, unit.trim()) ? UNIT_EXP10[unit.trim()]! : null;
}

/**
 * Picks the scale bar for an image `imageWidthPx` pixels wide whose pixel size is `pixelSize` `unit`s.
 * Returns null (draw "scale unknown", never a made-up bar) when the pixel size is missing, non-finite, ≤ 0, or the unit is not a length.
 */
export function chooseScaleBar(
  imageWidthPx: number,
  pixelSize: number | null | undefined,
  unit: string = 'm',
  options: ScaleBarOptions = {},
): ScaleBar | null {
  if (pixelSize == null || !Number.isFinite(pixelSize) || pixelSize <= 0) return null;
  if (!Number.isFinite(imageWidthPx) || imageWidthPx <= 0) return null;
  const unitExp = unitExp10(unit);
  if (unitExp === null) return null;
  const target = options.target ?? 0.2;
  const lo = options.min ?? 0.15;
  const hi = options.max ?? 0.25;
  const widthMetres = imageWidthPx * pixelSize * 10 ** unitExp;

  let best: { m: number; k: number; score: number; inside: boolean } | null = null;
  const k0 = Math.floor(Math.log10(target * widthMetres));
  for (let k = k0 - 1; k <= k0 + 1; k++) {
    for (const m of [1, 2, 5]) {
      const f = (m * 10 ** k) / widthMetres;
      const inside = f >= lo * (1 - 1e-12) && f <= hi * (1 + 1e-12);
      const score = Math.abs(Math.log(f / target));
      if (!best || (inside && !best.inside) || (inside === best.inside && score < best.score)) best = { m, k, score, inside };
    }
  }
  const { m, k } = best!;
  const units = options.angstrom === false ? UNIT_EXP.filter(([u]) => u !== '\u00C5') : UNIT_EXP;
  // Largest unit whose exponent is ≤ k keeps the number an integer ≥ 1; below pm fall back to pm with a fraction.
  const [u, e] = units.find(([, ue]) => ue <= k) ?? units[units.length - 1]!;
  const value = k >= e ? m * 10 ** (k - e) : Number((m * 10 ** (k - e)).toPrecision(1));
  const lengthMetres = m * 10 ** k;
  // m·10^(k − unitExp) is exact for k ≥ unitExp, so e.g. 5 nm at 0.1 nm/px is exactly 50 px.
  const lengthPx = (m * 10 ** (k - unitExp)) / pixelSize;
  return { lengthPx, value, unit: u, label: `${value} ${u}`, lengthMetres, fraction: lengthPx / imageWidthPx };
}
