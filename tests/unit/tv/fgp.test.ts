import { describe, expect, it } from 'vitest';
import { fgpProx } from '../../../src/compute/tv/fgp.js';
import { totalVariation } from '../../../src/compute/tv/tv-value.js';
import { negativeDivergence } from '../../../src/compute/tv/difference.js';
import { randomArray } from '../helpers.js';

const W = 23, H = 17;

/** ½‖x − b‖² + λ TV(x) */
function primal(x: Float32Array, b: Float32Array, lambda: number): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += (x[k]! - b[k]!) ** 2;
  return 0.5 * s + lambda * totalVariation(x, W, H);
}

/** Dual value D(p,q) = ½‖H_C(b − λL)‖² − ½‖b − λL‖² + ½‖b‖², H_C(v) = v − P_C(v) (Beck & Teboulle 2009, Prop. 4.1). */
function dual(p: Float32Array, q: Float32Array, b: Float32Array, lambda: number): number {
  const l = new Float32Array(b.length);
  negativeDivergence(p, q, W, H, l);
  let hc = 0, v2 = 0, b2 = 0;
  for (let k = 0; k < b.length; k++) {
    const v = b[k]! - lambda * l[k]!;
    const h = v - Math.max(0, v);
    hc += h * h;
    v2 += v * v;
    b2 += b[k]! * b[k]!;
  }
  return 0.5 * hc - 0.5 * v2 + 0.5 * b2;
}

/** A blocky test image with noise: two plateaus and a disc. */
function testImage(seed: number): Float32Array {
  const noise = randomArray(W * H, seed, -0.3, 0.3);
  return Float32Array.from(noise, (v, k) => {
    const y = Math.floor(k / W), x = k % W;
    const disc = (x - 15) ** 2 + (y - 8) ** 2 < 25 ? 1.5 : 0;
    return (x < 8 ? 1 : 0.3) + disc + v;
  });
}

describe('TV proximal operator (FGP)', () => {
  it('leaves a constant image unchanged', () => {
    const b = new Float32Array(W * H).fill(0.7);
    const { x } = fgpProx(b, W, H, 0.5, 20);
    for (const v of x) expect(v).toBeCloseTo(0.7, 6);
  });

  it('is the identity (projected on x ≥ 0) at λ = 0', () => {
    const b = testImage(1);
    expect(Array.from(fgpProx(b, W, H, 0, 20).x)).toEqual(Array.from(b, (v) => Math.max(0, v)));
  });

  it('never increases TV', () => {
    for (const lambda of [0.01, 0.1, 1]) {
      for (const iters of [1, 3, 10, 50]) {
        const b = testImage(2);
        const { x } = fgpProx(b, W, H, lambda, iters);
        expect(totalVariation(x, W, H)).toBeLessThanOrEqual(totalVariation(b, W, H) + 1e-4);
      }
    }
  });

  it('returns x ≥ 0 and x = P_C(b − λL(p,q)) with |(p,q)| ≤ 1', () => {
    const b = testImage(3);
    const { x, p, q } = fgpProx(b, W, H, 0.2, 15);
    for (const v of x) expect(v).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < p.length; k++) expect(Math.hypot(p[k]!, q[k]!)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('meets the optimality condition: the duality gap of its subproblem closes', () => {
    const b = testImage(4);
    const lambda = 0.15;
    const gaps = [5, 50, 1000].map((iters) => {
      const { x, p, q } = fgpProx(b, W, H, lambda, iters);
      return (primal(x, b, lambda) - dual(p, q, b, lambda)) / primal(x, b, lambda);
    });
    for (const g of gaps) expect(g).toBeGreaterThan(-1e-5); // weak duality: gap ≥ 0
    expect(gaps[1]!).toBeLessThan(gaps[0]!);
    expect(gaps[2]!).toBeLessThan(1e-4);
  });

  it('beats perturbed candidates on the prox objective', () => {
    const b = testImage(5);
    const lambda = 0.15;
    const { x } = fgpProx(b, W, H, lambda, 1000);
    const best = primal(x, b, lambda);
    const noise = randomArray(W * H, 99, -0.05, 0.05);
    const perturbed = Float32Array.from(x, (v, k) => Math.max(0, v + noise[k]!));
    expect(best).toBeLessThan(primal(perturbed, b, lambda));
    expect(best).toBeLessThan(primal(Float32Array.from(b, (v) => Math.max(0, v)), b, lambda));
  });
});

describe('isotropic TV', () => {
  it('of a step edge is its height times its length; of a diagonal ramp uses √(dx² + dy²)', () => {
    const step = Float32Array.from({ length: W * H }, (_, k) => (k % W < 10 ? 0 : 2));
    expect(totalVariation(step, W, H)).toBeCloseTo(2 * H, 5);
    const ramp = Float32Array.from({ length: 9 }, (_, k) => Math.floor(k / 3) + (k % 3));
    // interior pixels (y<2, x<2): √2 each ×4; last column (x=2, y<2): |dy| = 1 each ×2; last row: |dx| = 1 each ×2
    expect(totalVariation(ramp, 3, 3)).toBeCloseTo(4 * Math.SQRT2 + 4, 5);
  });
});
