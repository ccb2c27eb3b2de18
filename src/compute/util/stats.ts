// Small statistics on typed arrays.

/** [mean, standard deviation] (population). */
export function meanStd(values: ArrayLike<number>): [number, number] {
  const n = values.length;
  let s = 0;
  for (let k = 0; k < n; k++) s += values[k]!;
  const mean = s / n;
  let v = 0;
  for (let k = 0; k < n; k++) v += (values[k]! - mean) ** 2;
  return [mean, Math.sqrt(v / n)];
}

/** [min, max] of an array (NaN-free input assumed). */
export function minMax(values: ArrayLike<number>, offset = 0, length = values.length - offset): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let k = offset; k < offset + length; k++) {
    const v = values[k]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Least-squares line y ≈ slope·x + intercept. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  const n = x.length;
  let sx = 0, sy = 0;
  for (let k = 0; k < n; k++) { sx += x[k]!; sy += y[k]!; }
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let k = 0; k < n; k++) {
    const dx = x[k]! - mx;
    sxx += dx * dx;
    sxy += dx * (y[k]! - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}

/**
 * The k-th smallest value (0-based) of `values`, which it reorders in place: Hoare's quickselect with a median-of-three
 * pivot, O(n) on average; the value a full ascending sort would put at index k (no NaN).
 */
export function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0, hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const a = values[lo]!, b = values[mid]!, c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) { const t = values[i]!; values[i] = values[j]!; values[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
