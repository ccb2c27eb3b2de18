// Small numeric helpers of the bench sections: rounding for the JSON and the median of timings.

/** `v` rounded to `digits` decimals. */
export const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
