import { describe, it, expect } from 'vitest';
import { coreShell, CORE_SHELL_DENSITY, ga2o3Films, GA2O3_GA_FRACTION, lattice, PHANTOMS, PHANTOM_NAMES, resolvePhantomName } from '../../../src/compute/simulate/phantoms/index.js';
import { regionComposition, type Phantom } from '../../../src/compute/simulate/phantom.js';

function pixelComposition(ph: Phantom, p: number): number[] {
  const n = ph.width * ph.height;
  const x = ph.elements.map((_, i) => ph.truth[i * n + p]!);
  const total = x.reduce((s, v) => s + v, 0);
  return x.map((v) => v / total);
}

/** Every pixel of every region reads its region's composition within `tol` (what a UI click would see). */
function expectRegionsUniform(ph: Phantom, tol: number): void {
  for (const r of ph.regions ?? []) {
    let count = 0;
    let worst = 0;
    for (let p = 0; p < r.mask.length; p++) {
      if (!r.mask[p]) continue;
      count++;
      pixelComposition(ph, p).forEach((c, i) => (worst = Math.max(worst, Math.abs(c - r.composition[ph.elements[i]!]!))));
    }
    expect(count).toBeGreaterThan(20);
    expect(worst).toBeLessThan(tol);
    const sum = Object.values(r.composition).reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 6);
  }
}

describe('PHANTOMS registry', () => {
  it('core-shell-metal: core–shell particles beside Co metal ones, a third phase (issue 12)', () => {
    const ph = PHANTOMS['core-shell-metal']({ width: 128, height: 128, seed: 3 });
    expect(ph.regions!.map((r) => r.name)).toEqual(['core', 'shell', 'metal']);
    expect(ph.regions![2]!.composition).toEqual({ Co: 1, S: 0, O: 0 });
    expect(ph.regions![1]!.composition.Co).toBeCloseTo(0.5, 6);
    expect(() => PHANTOMS['core-shell']({ width: 64, height: 64, seed: 1, metal: 6 } as never)).toThrow(/metal must be/);
  });

  it('holds the phantoms under their own names, sized as asked, deterministic per seed', () => {
    expect(PHANTOM_NAMES).toEqual(['core-shell', 'core-shell-metal', 'ga2o3-films', 'lattice', 'two-phase-film', 'lu2o3']);
    for (const name of PHANTOM_NAMES) {
      const a = PHANTOMS[name]({ width: 96, height: 64, seed: 5 });
      expect(a.name).toBe(name);
      expect([a.width, a.height]).toEqual([96, 64]);
      expect(a.truth.length).toBe(a.elements.length * 96 * 64);
      expect(a.truth.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
      expect(Math.max(...a.truth)).toBeGreaterThan(0);
      expect(a.description.length).toBeGreaterThan(10);
      for (const r of a.regions ?? []) expect(r.mask.length).toBe(96 * 64);
      const b = PHANTOMS[name]({ width: 96, height: 64, seed: 5 });
      expect(b.truth).toEqual(a.truth);
      const c = PHANTOMS[name]({ width: 96, height: 64, seed: 6 });
      expect(c.truth).not.toEqual(a.truth);
    }
    const d = PHANTOMS.lattice();
    expect([d.width, d.height]).toEqual([256, 256]);
  });

  it('resolves names ignoring case, dashes and underscores', () => {
    expect(resolvePhantomName('coreShell')).toBe('core-shell');
    expect(resolvePhantomName('GA2O3_FILMS')).toBe('ga2o3-films');
    expect(resolvePhantomName('lattice')).toBe('lattice');
    expect(resolvePhantomName('sphere')).toBeUndefined();
  });

  it('rejects sizes that are too small or not integers', () => {
    expect(() => coreShell({ width: 10 })).toThrow(RangeError);
    expect(() => lattice({ height: 20.5 })).toThrow(RangeError);
  });
});

describe('coreShell', () => {
  const ph = coreShell({ seed: 3 });
  const n = ph.width * ph.height;

  it('has Co, S, O with Co = S + O everywhere (CoS core, CoO shell are both 1:1)', () => {
    expect(ph.elements).toEqual(['Co', 'S', 'O']);
    let material = 0;
    let worst = 0;
    for (let p = 0; p < n; p++) {
      worst = Math.max(worst, Math.abs(ph.truth[p]! - ph.truth[n + p]! - ph.truth[2 * n + p]!) / (1 + ph.truth[p]!));
      if (ph.truth[p]! > 0) material++;
    }
    expect(worst).toBeLessThan(1e-5);
    expect(material / n).toBeGreaterThan(0.1);
    expect(material / n).toBeLessThan(0.8);
  });

  it('projects a sphere as 2·sqrt(R² − r²): peak 2R and volume 4/3·πR³ for one particle', () => {
    const one = coreShell({ width: 128, height: 128, particles: 1, seed: 9 });
    const m = 128 * 128;
    // outer thickness t = S/ρ_core + O/ρ_shell
    const t = new Float64Array(m);
    let area = 0, volume = 0, peak = 0;
    for (let p = 0; p < m; p++) {
      t[p] = one.truth[m + p]! / CORE_SHELL_DENSITY.core + one.truth[2 * m + p]! / CORE_SHELL_DENSITY.shell;
      if (t[p]! > 0) area++;
      volume += t[p]!;
      peak = Math.max(peak, t[p]!);
    }
    const R = Math.sqrt(area / Math.PI);
    expect(Math.abs(peak - 2 * R)).toBeLessThan(1);
    expect(Math.abs(volume / ((4 / 3) * Math.PI * R ** 3) - 1)).toBeLessThan(0.03);
    // the core alone: S/ρ_core is a smaller sphere's chord
    let coreArea = 0, corePeak = 0;
    for (let p = 0; p < m; p++) {
      const s = one.truth[m + p]! / CORE_SHELL_DENSITY.core;
      if (s > 0) coreArea++;
      corePeak = Math.max(corePeak, s);
    }
    const Rc = Math.sqrt(coreArea / Math.PI);
    expect(Rc / R).toBeGreaterThan(0.5);
    expect(Rc / R).toBeLessThan(0.75);
    expect(Math.abs(corePeak - 2 * Rc)).toBeLessThan(1);
  });

  it("gives 'core' and 'shell' regions whose compositions every pixel in them reads within 5 pp", () => {
    expect(ph.regions!.map((r) => r.name)).toEqual(['core', 'shell']);
    const [core, shell] = ph.regions!;
    expect(shell!.composition.Co).toBeCloseTo(0.5, 6);
    expect(shell!.composition.O).toBeCloseTo(0.5, 6);
    expect(shell!.composition.S).toBeCloseTo(0, 6);
    expect(core!.composition.Co).toBeCloseTo(0.5, 5);
    expect(core!.composition.S).toBeGreaterThan(0.25); // CoS core seen through the CoO shell above and below
    expect(core!.composition.O).toBeGreaterThan(0.05);
    expect(core!.composition).toEqual(regionComposition(ph.truth, ph.elements, core!.mask));
    for (let p = 0; p < n; p++) expect(core!.mask[p]! & shell!.mask[p]!).toBe(0);
    expectRegionsUniform(ph, 0.05);
  });
});

describe('ga2o3Films', () => {
  it('has Ga fraction exactly 0.4 wherever there is material, and vacuum elsewhere', () => {
    const ph = ga2o3Films({ seed: 4 });
    const n = ph.width * ph.height;
    expect(ph.elements).toEqual(['Ga', 'O']);
    let vacuum = 0;
    let worst = 0;
    for (let p = 0; p < n; p++) {
      const ga = ph.truth[p]!, o = ph.truth[n + p]!;
      if (ga + o === 0) { vacuum++; continue; }
      worst = Math.max(worst, Math.abs(ga / (ga + o) - GA2O3_GA_FRACTION));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(vacuum / n).toBeGreaterThan(0.05);
    expect(vacuum / n).toBeLessThan(0.3);
    expect(ph.regions!.map((r) => r.name)).toEqual(['filmA', 'overlap', 'filmB']);
    for (const r of ph.regions!) {
      expect(r.composition.Ga).toBeCloseTo(0.4, 6);
      expect(r.composition.O).toBeCloseTo(0.6, 6);
    }
    expectRegionsUniform(ph, 1e-6);
  });

  it('has thickness A, B and A + B in its three regions (exactly, without roughness)', () => {
    const thickness = (ph: Phantom, mask: Uint8Array): number[] => {
      const n = ph.width * ph.height;
      const ts: number[] = [];
      for (let p = 0; p < n; p++) if (mask[p]) ts.push(ph.truth[p]! + ph.truth[n + p]!);
      return ts;
    };
    const flat = ga2o3Films({ width: 128, height: 128, roughness: 0, thicknessA: 10, thicknessB: 25 });
    const want = [10, 35, 25];
    flat.regions!.forEach((r, k) => {
      const ts = thickness(flat, r.mask);
      expect(Math.max(...ts.map((t) => Math.abs(t - want[k]!)))).toBeLessThan(1e-4);
    });
    const rough = ga2o3Films({ width: 128, height: 128, roughness: 0.05, thicknessA: 10, thicknessB: 25, seed: 2 });
    rough.regions!.forEach((r, k) => {
      const ts = thickness(rough, r.mask);
      const spread = Math.max(...ts) - Math.min(...ts);
      expect(spread).toBeGreaterThan(0.01 * want[k]!); // rough: not flat
      expect(Math.max(...ts.map((t) => Math.abs(t / want[k]! - 1)))).toBeLessThan(0.1 + 1e-6); // within ±(5 % + 5 %)
    });
    expect(() => ga2o3Films({ roughness: 1 })).toThrow(RangeError);
  });
});

describe('lattice', () => {
  it('puts Sr columns at (2 + 8i, 2 + 8j) and Ti at the cell centres, each integrating to its atom count', () => {
    const ph = lattice({ width: 64, height: 64, spacing: 8, jitter: 0, seed: 1 });
    const w = 64, n = w * w;
    expect(ph.elements).toEqual(['Sr', 'Ti']);
    for (const [e, c0] of [[0, 2], [1, 6]] as const) {
      for (let j = 1; j < 6; j++) {
        for (let i = 1; i < 6; i++) {
          const cx = c0 + 8 * i, cy = c0 + 8 * j;
          const centre = ph.truth[e * n + cy * w + cx]!;
          expect(centre).toBeGreaterThan(ph.truth[e * n + cy * w + cx + 1]!);
          expect(centre).toBeGreaterThan(ph.truth[e * n + (cy + 1) * w + cx]!);
          expect(ph.truth[(1 - e) * n + cy * w + cx]!).toBeLessThan(1e-3 * centre); // the other element is absent
          let sum = 0; // integral over the 8×8 cell around the column
          for (let y = cy - 4; y < cy + 4; y++) for (let x = cx - 4; x < cx + 4; x++) sum += ph.truth[e * n + y * w + x]!;
          expect(Math.abs(sum - Math.round(sum))).toBeLessThan(0.1);
          expect(Math.round(sum)).toBeGreaterThanOrEqual(18);
          expect(Math.round(sum)).toBeLessThanOrEqual(22);
        }
      }
    }
    expect(ph.regions!.map((r) => r.name)).toEqual(['Sr', 'Ti']);
    expect(ph.regions![0]!.composition.Sr).toBeGreaterThan(0.999);
    expect(ph.regions![1]!.composition.Ti).toBeGreaterThan(0.999);
  });
});

describe('two-phase film', () => {
  it('is MnO (Mn 50 %) left of the boundary and MnO₂ (Mn 33.3 %) right of it, with vacuum above the edge', () => {
    const ph = PHANTOMS['two-phase-film']({ width: 128, height: 128, seed: 9 });
    expect(ph.elements).toEqual(['Mn', 'O']);
    const [mno, mno2] = ph.regions!;
    expect(mno!.composition.Mn).toBeCloseTo(0.5, 6);
    expect(mno2!.composition.Mn).toBeCloseTo(1 / 3, 6);
    expect(ph.truth[0]).toBe(0); // the top-left corner is vacuum
    expect(ph.truth[127 * 128 + 64]).toBeGreaterThan(0);
  });
});
