/** "Nice" colour-bar ticks: steps of 1, 2 or 5 × 10^k (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990), labels without float noise. */

export interface Tick {
  readonly value: number;
  readonly label: string;
}

/**
 * Ticks at integer multiples of a 1/2/5 × 10^k step inside [min(a,b), max(a,b)], at most `maxTicks` of them (≥ 2 asked → ≥ 1 returned).
 * Equal ends give the single tick a.
 */
export function niceTicks(a: number, b: number, maxTicks = 5): Tick[] {
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError(`tick range must be finite, got [${a}, ${b}]`);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === hi) return [{ value: lo, label: formatTick(lo, 0) }];
  const n = Math.max(2, Math.floor(maxTicks));
  let exp = Math.floor(Math.log10((hi - lo) / (n - 1)));
  for (;;) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** exp;
      const first = Math.ceil(lo / step - 1e-9);
      const last = Math.floor(hi / step + 1e-9);
      if (last - first + 1 <= n) {
        const ticks: Tick[] = [];
        for (let i = first; i <= last; i++) {
          // i·m·10^exp computed so that integers and short decimals come out exact.
          const value = (exp >= 0 ? i * m * 10 ** exp : (i * m) / 10 ** -exp) || 0; // || 0 turns -0 into 0
          ticks.push({ value, label: formatTick(value, exp) });
        }
        return ticks;
      }
    }
    exp++;
  }
}

/** Formats a tick value whose step is a multiple of 10^exp: fixed-point with max(0, −exp) decimals, exponential outside 1e-4 ≤ |v| < 1e6. */
export function formatTick(value: number, exp: number): string {
  if (value === 0) return exp < -4 ? '0' : (0).toFixed(Math.max(0, -exp));
  const mag = Math.abs(value);
  if (mag >= 1e6 || mag < 1e-4) {
    const digits = Math.max(0, Math.floor(Math.log10(mag)) - exp);
    return value.toExponential(Math.min(digits, 20)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  }
  return value.toFixed(Math.max(0, -exp));
}
