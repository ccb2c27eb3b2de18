// Numbers and counts as a scientist reads them: a few significant figures, a unit, singular or plural.

/** `v` to `digits` significant figures, without trailing zeros: 1.2561492681503297 → "1.26", 0.05 → "0.05", 12345 → "12300" (exponent outside 1e-3…1e6). */
export function formatSig(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return trimExponent(v.toExponential(digits - 1));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
  const rounded = Number(v.toFixed(decimals));
  // rounding may carry into a new digit (9.996 → 10.0): format the rounded value again
  const d2 = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded) || 1)));
  const text = rounded.toFixed(Math.min(decimals, d2));
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : roundInteger(rounded, digits);
}

function roundInteger(v: number, digits: number): string {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(Math.abs(v))) + 1 - digits);
  return String(Math.round(v / p) * p);
}

function trimExponent(s: string): string {
  const [m, e] = s.split('e');
  const mant = m!.includes('.') ? m!.replace(/0+$/, '').replace(/\.$/, '') : m!;
  return `${mant}e${e!.replace('+', '')}`;
}

/** "μ ± σ" with the uncertainty to 2 significant figures and the value to the same decimal place: 0.41234 ± 0.0123 → "0.412 ± 0.012". */
export function formatWithError(value: number, error: number): string {
  if (!Number.isFinite(error) || error <= 0) return formatSig(value);
  const place = Math.floor(Math.log10(error)) - 1; // the second significant digit of the error
  const decimals = Math.max(0, -place);
  if (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3 && value !== 0) return `${formatSig(value)} ± ${formatSig(error, 2)}`;
  return `${value.toFixed(decimals)} ± ${error.toFixed(decimals)}`;
}

/** "1 file", "2 files"; `plural` defaults to `word` + "s". */
export function countOf(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}
