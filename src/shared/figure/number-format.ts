/** Coordinates for SVG/PDF text: at most 3 decimals, no exponent, no "-0" (both formats reject or mis-read exponents). */
export function formatNumber(n: number, decimals = 3): string {
  if (!Number.isFinite(n)) throw new RangeError(`cannot write non-finite number ${n}`);
  let s = n.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
