// Colours for the small heat-map tables (validation curve, sweep matrices): viridis stops, and a readable text colour.

const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84], [65, 68, 135], [42, 120, 142], [34, 168, 132], [122, 209, 81], [253, 231, 37],
];

/** Viridis at t ∈ [0, 1] (clamped; NaN → grey) as an rgb() string. */
export function viridis(t: number): string {
  if (!Number.isFinite(t)) return 'rgb(128, 128, 128)';
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i]!, b = VIRIDIS[i + 1]!;
  const c = a.map((v, k) => Math.round(v + f * (b[k]! - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Black on the light end of viridis, white on the dark end. */
export function textOn(t: number): string {
  return Number.isFinite(t) && t > 0.6 ? '#000' : '#fff';
}

/** Where each value lies between the matrix's finite extremes (log10 when `log` and all positive). */
export function normaliser(values: readonly (number | null)[][], log = false): (v: number | null) => number {
  const finite = values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const useLog = log && finite.length > 0 && finite.every((v) => v > 0);
  const f = (v: number) => (useLog ? Math.log10(v) : v);
  const xs = finite.map(f);
  const lo = Math.min(...xs), hi = Math.max(...xs);
  return (v) => (v === null || !Number.isFinite(v) ? NaN : hi > lo ? (f(v) - lo) / (hi - lo) : 0.5);
}
