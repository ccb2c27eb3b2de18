// The default choice of λ_TV and λ_chem: a warm-started coordinate search on ONE held-out split, at about the cost
// of one fusion (issue 10).
//
// The split: Poisson thinning for counts and counts × a factor (thinning.ts, in counts), Gaussian data fission for
// anything else (fission.ts: background-subtracted or fractional maps; it replaced a checkerboard split, whose score
// included the noise floor and the interpolation error and stopped the walk early: eels-bg, 96², fell 3.9 dB short of
// the best λ, now 0.5). Only one fold is fused. From the base parameters' λ, each axis in turn (λ_TV, then λ_chem
// with λ_TV, then the axes in turn until none moves: a compass search, over four axes for fission) is walked
// in steps of ×2 in the direction that lowers the held-out score, for as long as it does: a minimum at the edge of the
// points tried so far widens the range instead of stopping there (up to ×2^±MAX_STEPS from the start). Every fusion
// of the walk starts from the maps of its neighbour (a warm-started λ path) and runs to SEARCH_TOLERANCE, close to the
// final fusion's: at small λ_chem the fusion converges slowly and its early iterates score better than its answer, so a
// loose tolerance chose λ whose converged fusion is poor (an early-stopping spike). A trial that moves away from its
// neighbour's answer to a worse score is abandoned early (it is no step of the walk). Then the one-standard-error rule:
// down the ridge toward the HAADF (both λ halved) while the held-out score stays within the standard error of its
// difference from the lowest seen (the score is flat along the ridge; the rule takes the end that trusts the HAADF most
// that the held-out data do not contradict). The final fusion of the full data starts from the chosen fold's maps (scaled to the full dose), so it too needs fewer iterations than a cold start.

import type { FusionBackend } from '../backend/types.js';
import { createRng } from '../simulate/random.js';
import { fuse, type FusionCancelled, type FusionProgress } from '../solve/fuse.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { fissionMaps } from './fission.js';
import { countVariance, riskDifference, unbiasedRisk } from './score.js';
import type { AutoMethod, AutoParamsResult, ValidationPoint } from './types.js';
import { countSteps, thinScaledMaps } from './thinning.js';

/** Steps of ×½ the one-standard-error rule may take down the ridge from the best. */
const SE_STEPS = 6;

/** Steps of ×2 the walk may take from the start along each axis. */
const MAX_STEPS = 10;

/** A step continues the walk only if it lowers the score by more than this fraction of it (flat tails end the walk). */
const MIN_IMPROVEMENT = 0.01;

/** The search fuses a central crop of about this many pixels (never a side under CROP_MIN_SIDE, never more than the image). */
const CROP_PIXELS = 96 * 96;
const CROP_MIN_SIDE = 64;

/**
 * The crop the search fuses: λ's meaning does not change with the field of view (same pixels, same dose). Of 5 × 5
 * candidate positions, the one whose maps hold the most signal (Σ|b|; the centre when no maps are given or all tie),
 * so an empty centre (particles elsewhere) is not what the λ are chosen on.
 */
export function searchCrop(width: number, height: number, maps: readonly Float32Array[] = []): { x0: number; y0: number; width: number; height: number } {
  const f = Math.min(1, Math.sqrt(CROP_PIXELS / (width * height)));
  const w = Math.min(width, Math.max(CROP_MIN_SIDE, Math.round(width * f)));
  const h = Math.min(height, Math.max(CROP_MIN_SIDE, Math.round(height * f)));
  let best = { x0: Math.floor((width - w) / 2), y0: Math.floor((height - h) / 2), signal: -1 };
  const signal = (x0: number, y0: number) => {
    let s = 0;
    for (const m of maps) for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) s += Math.abs(m[y * width + x]!);
    return s;
  };
  if (maps.length > 0 && (w < width || h < height)) {
    best.signal = signal(best.x0, best.y0);
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) {
      const x0 = Math.round(((width - w) * a) / 4), y0 = Math.round(((height - h) * b) / 4);
      const sig = signal(x0, y0);
      if (sig > best.signal) best = { x0, y0, signal: sig };
    }
  }
  return { x0: best.x0, y0: best.y0, width: w, height: h };
}

function cropImage(a: Float32Array, width: number, c: { x0: number; y0: number; width: number; height: number }): Float32Array {
  const out = new Float32Array(c.width * c.height);
  for (let y = 0; y < c.height; y++) out.set(a.subarray((c.y0 + y) * width + c.x0, (c.y0 + y) * width + c.x0 + c.width), y * c.width);
  return out;
}

/**
 * Tolerance and iteration cap of the search's fusions (the final fusion uses the base parameters'). Measured (scratch
 * gapcheck: default vs the best of a 12 × 11 λ grid against the truth, mean PSNR gain over the elements): at 3e-4 the
 * walk chose λ 2.5–3.5 dB short of the best on background-subtracted EELS films (96², 128²), Lu₂O₃ 80² and Ga₂O₃
 * films 128² (the trial at λ_chem 0.0019 scored 0.27 at 3e-4, 0.45 converged to 1e-5); at 3e-5 within 0.2–0.9 dB.
 */
export const SEARCH_TOLERANCE = 3e-5;
const SEARCH_ITERATIONS = 300;

/**
 * Abandoning a trial: its score is checked every ABANDON_EVERY iterations from ABANDON_AFTER on. A walk step starts from
 * the maps of the point it must beat; once its score is above that point's and has risen at two checks in a row, it is
 * heading for a worse answer (its first iterates jump and fall back, hence two rises, not one).
 */
const ABANDON_AFTER = 20;
const ABANDON_EVERY = 10;

/** One event of the search: a validation fusion finished. */
export interface SearchProgress {
  /** Validation fusions done so far. */
  done: number;
  lambdaTV: number;
  lambdaChem: number;
  /** Held-out score of that fusion (lower is better). */
  score: number;
  /** The best point so far. */
  best: { lambdaTV: number; lambdaChem: number; score: number };
}

export interface PathSearchOptions {
  /** Keep λ_TV (or λ_chem) as given in `base` and search only the other one. */
  fixed?: { lambdaTV?: boolean; lambdaChem?: boolean };
  /** Seed of the thinning (default 1). */
  seed?: number;
  /**
   * Multiply λ_chem by this when fusing a half (thinning only). Default 1 in counts mode, where λ_chem is unit-free
   * (model/data-terms/lambda.ts: the kernel weight scales with the maps' information, which halves with the dose by
   * itself), ½ in reference mode (search.ts).
   */
  halfDoseFactor?: number;
  /**
   * How the λ are picked from the scores: 'best' the walk's end (lowest score); 'one-se' the one-standard-error rule,
   * down the ridge toward the HAADF while within the score's standard error of the best. Default 'one-se'.
   */
  selection?: 'best' | 'one-se';
  /** Abandon a trial once it scores worse than the point it started from and keeps rising (default true; false runs every trial out). */
  abandon?: boolean;
  /** Array kernels (the caller owns them). */
  backend: FusionBackend;
  onProgress?: (p: SearchProgress) => void;
  signal?: AbortSignal;
}

export interface PathSearchResult extends AutoParamsResult {
  /** The chosen fold's fused maps, scaled to the full data's units: a warm start for the final fusion (absent when the search fused a crop). */
  warmStart?: Float32Array[];
  /** Outer iterations of all the validation fusions together. */
  searchIterations: number;
  /** Pixels of the field the validation fusions fused (the crop). */
  searchPixels: number;
  /** The one-standard-error rule's steps down the ridge from the walk's best (absent with selection 'best'). */
  oneStandardError?: OneStandardErrorStep[];
}

/** One trial of the one-standard-error rule: its score minus the lowest seen on the ridge so far, with its standard error. */
export interface OneStandardErrorStep {
  lambdaTV: number;
  lambdaChem: number;
  difference: number;
  standardError: number;
  /** Within one standard error (difference ≤ standardError): taken, and the rule tries the next one down. */
  accepted: boolean;
}

interface Evaluated extends ValidationPoint {
  maps: Float32Array[];
  /** The point this trial started from when it was abandoned: its score and maps are an unconverged iterate's, valid only as "worse than that point". */
  abandonedFrom?: Evaluated;
}

/** Choose λ_TV and λ_chem for `inputs` by a warm-started coordinate search on one held-out split. */
export async function pathSearch(inputs: FusionInputs, base: FusionParams, options: PathSearchOptions): Promise<PathSearchResult> {
  const started = performance.now();
  const steps = countSteps(inputs.maps); // counts, or counts × a factor: thinning; anything else: Gaussian fission
  const method: AutoMethod = steps ? 'thinning' : 'fission';
  const halfDoseFactor = options.halfDoseFactor ?? (base.normalise === 'counts' ? 1 : 0.5);
  const crop = searchCrop(inputs.width, inputs.height, inputs.maps);
  const { width, height } = crop;
  const whole = crop.width === inputs.width && crop.height === inputs.height;
  const data: FusionInputs = whole ? inputs : {
    ...inputs, width, height, haadf: cropImage(inputs.haadf, inputs.width, crop), maps: inputs.maps.map((m) => cropImage(m, inputs.width, crop)),
    ...(inputs.variances ? { variances: inputs.variances.map((v) => cropImage(v, inputs.width, crop)) } : {}),
  };
  const notes: string[] = [];
  if (!whole) notes.push(`the λ search fused the ${width}×${height} crop at (${crop.x0}, ${crop.y0}) of the ${inputs.width}×${inputs.height} field (the most signal of 25 positions)`);

  // The one fold: what is fused, how λ_chem maps onto it, how a result is scored, and how its maps scale to the full data.
  let train: FusionInputs, chemFactor: number, toFull: number, heldOut: Float32Array[], heldOutVariance: number[];
  if (steps) {
    const [b1, b2] = thinScaledMaps(data.maps, steps, createRng(options.seed ?? 1, 0x7417));
    const scaled = steps.some((q) => q !== 1);
    const variance = b2.map((b, i) => countVariance(b, steps[i])); // counts in steps of q: Var(q·n) = q·(q·n) summed
    train = { ...data, maps: b1, ...(data.variances ? { variances: data.variances.map((v) => Float32Array.from(v, (e) => e / 2)) } : {}) }; // a half of the counts: half the variance
    chemFactor = halfDoseFactor;
    toFull = 2;
    heldOut = b2;
    heldOutVariance = variance;
    if (scaled) notes.push(`the maps are counts times a factor (steps ${[...new Set(steps.map((q) => q.toPrecision(4)))].join(', ')}): thinned in counts`);
    notes.push(`λ chosen by Poisson thinning (one half fused with λ_chem × ${halfDoseFactor}, scored by the other half's unbiased estimate of the squared error against the truth), walking each λ in steps of ×2 from the start while the score falls, each fusion warm-started from its neighbour`);
  } else {
    const halves = fissionMaps(data.maps, width, height, createRng(options.seed ?? 1, 0xf155), 1, data.variances);
    // b₁ = b + z has variance 2σ²_p: its per-pixel variances, where the maps came with theirs
    train = { ...data, maps: halves.first, ...(data.variances ? { variances: data.variances.map((v) => Float32Array.from(v, (e) => 2 * e)) } : {}) };
    chemFactor = 1;
    toFull = 1;
    heldOut = halves.second;
    heldOutVariance = halves.secondVariance;
    notes.push('λ chosen by Gaussian data fission (maps are not raw counts): b₁ = b + z, b₂ = b − z with z ~ N(0, σ²) from ' + (data.variances ? 'the per-pixel variances given with the maps' : 'the maps\' own noise model') + ', two independent halves; b₁ fused, scored by b₂\'s unbiased estimate of the squared error against the truth, walking each λ in steps of ×2 from the start while the score falls, each fusion warm-started from its neighbour');
  }

  const score = (m: Float32Array[]) => unbiasedRisk(m, heldOut, heldOutVariance);
  const curve: Evaluated[] = [];
  let searchIterations = 0, abandoned = 0;
  const key = (tv: number, chem: number) => `${tv}|${chem}`;
  const seen = new Map<string, Evaluated>();
  let best: Evaluated | null = null;
  /**
   * Fuse the fold at (λ_TV, λ_chem) from `warm`'s maps and score it; abandoned (score as reached) once it rises above
   * `warm`'s. `fresh`: fuse it from the data even if the walk has reached it (a cold start, not the walk's warm one).
   */
  const evaluate = async (lambdaTV: number, lambdaChem: number, warm: Evaluated | null, fresh = false): Promise<Evaluated> => {
    const known = seen.get(key(lambdaTV, lambdaChem));
    // an abandoned trial only says it was worse than the point it started from: reached from another point, fuse it again
    if (!fresh && known && (!known.abandonedFrom || known.abandonedFrom === warm)) return known;
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
    const p: FusionParams = {
      ...base, lambdaTV, lambdaChem: lambdaChem * chemFactor,
      tolerance: Math.max(base.tolerance, SEARCH_TOLERANCE), iterations: Math.min(base.iterations, SEARCH_ITERATIONS),
    };
    const abandon = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, abandon.signal]) : abandon.signal;
    let last = Infinity, rises = 0, reached = Infinity, done = 0;
    const watch = (q: FusionProgress) => {
      done = q.record.iteration;
      if (options.abandon === false || !warm || !Number.isFinite(warm.score) || q.record.iteration < ABANDON_AFTER || q.record.iteration % ABANDON_EVERY !== 0) return;
      const now = score(q.currentMaps());
      rises = now > last ? rises + 1 : 0;
      if (now > warm.score && rises >= 2) { reached = now; abandon.abort(); }
      last = now;
    };
    let e: Evaluated;
    try {
      const r = await fuse(train, p, { backend: options.backend, ...(warm ? { warmStart: warm.maps } : {}), signal, onProgress: watch });
      searchIterations += r.history.length;
      e = { lambdaTV, lambdaChem, score: score(r.maps), maps: r.maps };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'FusionCancelled' && abandon.signal.aborted && !options.signal?.aborted) {
        const at = (error as FusionCancelled).at;
        searchIterations += done;
        abandoned++;
        e = { lambdaTV, lambdaChem, score: reached, maps: at?.maps ?? warm!.maps, abandonedFrom: warm! };
      } else if (name === 'FusionDiverged') {
        e = { lambdaTV, lambdaChem, score: Infinity, maps: warm?.maps ?? train.maps };
      } else throw error;
    }
    if (!fresh || !known) seen.set(key(lambdaTV, lambdaChem), e);
    curve.push(e);
    if (!best || e.score < best.score) best = e;
    options.onProgress?.({ done: curve.length, lambdaTV, lambdaChem, score: e.score, best: { lambdaTV: best.lambdaTV, lambdaChem: best.lambdaChem, score: best.score } });
    return e;
  };

  // The axes: 'smoothing' moves λ_TV alone (across the ridge of good (λ_TV, λ_chem), which runs along λ_TV ∝ λ_chem),
  // 'balance' moves both together (along it: how much the HAADF counts against the maps).
  // 'steep' moves λ_TV by the square of λ_chem's factor (the ridge of the least-squares maps bends that way: eels-bg).
  // 'chem' moves λ_chem alone (fission: the ratio λ_chem/λ_TV the other way from 'smoothing', in one step instead of two,
  // each of which must pass MIN_IMPROVEMENT: EELS films 256², seed 505, stopped at λ_chem/λ_TV = 3, 1.05 dB short of the
  // grid's best at 1.5; with this axis 0.48 dB after the one-standard-error rule).
  type Axis = 'smoothing' | 'balance' | 'steep' | 'chem';
  const tvFactor = (axis: Axis, factor: number) => (axis === 'smoothing' ? factor : !searchTV || axis === 'chem' ? 1 : axis === 'steep' ? factor * factor : factor);
  const moved = (p: Evaluated, axis: Axis, factor: number) => evaluate(p.lambdaTV * tvFactor(axis, factor), p.lambdaChem * (axis === 'smoothing' ? 1 : factor), p); // λ_TV given: balance moves λ_chem alone
  let hitLimit = false;
  /** Walk one axis from `from` in steps of ×2 while the score falls (by more than MIN_IMPROVEMENT), in whichever direction it falls. */
  const walk = async (from: Evaluated, axis: Axis): Promise<Evaluated> => {
    let factors = [2, 0.5];
    if (axis === 'balance') { // both neighbours first: along the flat ridge the first way that improves need not be the way down
      const up = await moved(from, axis, 2), down = await moved(from, axis, 0.5);
      factors = [down.score < up.score ? 0.5 : 2];
    }
    for (const factor of factors) {
      let here = from;
      for (let steps = 1; ; steps++) {
        if (steps > MAX_STEPS) { hitLimit = true; break; }
        const next = await moved(here, axis, factor);
        if (!(next.score < here.score - MIN_IMPROVEMENT * Math.abs(here.score))) break;
        here = next;
      }
      if (here !== from) return here; // it moved this way: the other way rises
    }
    return from;
  };

  /**
   * The one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani & Friedman, ESL §7.10): among the λ whose
   * held-out score is within its standard error of the best, the one that leans most on the HAADF. Along the ridge of
   * good λ (λ_TV and λ_chem halved together: the HAADF term counts for more against both) the score is flat (the real
   * Co₃O₄ maps: < 2 % over ×1/16) and the held-out half cannot tell the points apart; this walks down the ridge from
   * the best while the score exceeds the lowest seen by no more than the paired standard error of that difference
   * (riskDifference; against the walk's end instead, two-phase film 128² walked past the truth's best: 1.45 dB short,
   * re-centred 0.54). Each trial is fused from
   * the data (cold): warm-started from a smoother neighbour, the Co₃O₄ trials ended 0.012 worse than cold ones, ten
   * standard errors (the HAADF term is not convex: the start picks the answer).
   */
  const seSteps: OneStandardErrorStep[] = [];
  const oneStandardError = async (best: Evaluated): Promise<Evaluated> => {
    const from = await evaluate(best.lambdaTV, best.lambdaChem, null, true); // the best, cold too: like against like
    let pick = from, lowest = from;
    for (let step = 1; step <= SE_STEPS; step++) {
      const next = await evaluate(searchTV ? pick.lambdaTV / 2 : pick.lambdaTV, pick.lambdaChem / 2, null, true);
      if (!Number.isFinite(next.score)) break;
      const d = riskDifference(next.maps, lowest.maps, heldOut, heldOutVariance);
      const accepted = d.difference <= d.standardError;
      seSteps.push({ lambdaTV: next.lambdaTV, lambdaChem: next.lambdaChem, ...d, accepted });
      if (!accepted) break;
      if (next.score < lowest.score) lowest = next; // within one standard error of the lowest score seen
      pick = next;
    }
    return pick === from ? best : pick; // not moved: the walk's own answer
  };

  const searchTV = !options.fixed?.lambdaTV && base.lambdaTV > 0;
  const searchChem = !options.fixed?.lambdaChem && base.lambdaChem > 0;
  let point = await evaluate(base.lambdaTV, base.lambdaChem, null);
  if (searchTV) point = await walk(point, 'smoothing');
  if (searchChem) {
    const before = point.lambdaChem;
    point = await walk(point, 'balance');
    if (searchTV && point.lambdaChem !== before) point = await walk(point, 'smoothing'); // moved along the ridge: re-centre across it
  }
  if (searchTV && searchChem) {
    // the axes in turn until none moves (a compass search; each walk that does not move costs its two neighbours), so
    // the chosen point has both neighbours tried on every axis. Fission has a third, steeper axis: measured (scratch
    // defaults-vs-grid, gap to the best of an 8×7 grid) eels-bg-lu 128² 0.76 → −0.11 dB, a fractional core-shell 80²
    // 0.41 → −0.05 dB, for 2–6 more validation fusions.
    const axes: readonly Axis[] = method === 'thinning' ? ['balance', 'smoothing'] : ['steep', 'balance', 'smoothing', 'chem'];
    for (let round = 0; round < 3; round++) {
      const start = point;
      for (const axis of axes) point = await walk(point, axis);
      if (point === start) break;
    }
  }
  // The walk's end, not the lowest score seen: a last step that lowered the score by less than MIN_IMPROVEMENT ended the
  // walk without its further neighbour tried, so it is not taken (the chosen point has both neighbours on every axis).
  let chosen: Evaluated = point;
  const oneSe = Number.isFinite(point.score) && searchChem && (options.selection ?? 'one-se') === 'one-se';
  if (oneSe) {
    const picked = await oneStandardError(point);
    if (picked !== point) notes.push(`one-standard-error rule: the best held-out score was at λ_TV ${point.lambdaTV}, λ_chem ${point.lambdaChem}; λ_TV ${picked.lambdaTV}, λ_chem ${picked.lambdaChem} (more weight on the HAADF) scores within the standard error of their difference, so it is taken`);
    chosen = picked;
  }
  if (!Number.isFinite(chosen.score)) { // nothing to choose from: fuse with the given λ and say so (never a failed fusion for it)
    notes.push(`the λ search failed (its validation fusions of the ${width}×${height} ${whole ? 'field' : 'crop'} diverged): fused with the given λ_TV ${base.lambdaTV}, λ_chem ${base.lambdaChem}; give --lambda-tv and --lambda-chem to choose them`);
    return { params: { ...base }, curve: curve.map(({ lambdaTV, lambdaChem, score: sc }) => ({ lambdaTV, lambdaChem, score: sc })), method, score: 'squared', folds: 1, notes, wallMs: performance.now() - started, searchIterations, searchPixels: width * height };
  }
  if (hitLimit) notes.push(`the search reached its limit (×2^${MAX_STEPS} from the start) on one axis; the optimum may lie beyond λ_TV ${chosen.lambdaTV}, λ_chem ${chosen.lambdaChem}`);
  notes.push(`${curve.length} validation fusions (${searchIterations} iterations in all at tolerance ${SEARCH_TOLERANCE}${abandoned ? `; ${abandoned} abandoned once they scored worse than the point they started from` : ''}) chose λ_TV ${chosen.lambdaTV}, λ_chem ${chosen.lambdaChem}`);
  return {
    params: { ...base, lambdaTV: chosen.lambdaTV, lambdaChem: chosen.lambdaChem },
    curve: curve.map(({ lambdaTV, lambdaChem, score: s }) => ({ lambdaTV, lambdaChem, score: s })),
    method, score: 'squared', folds: 1, notes, wallMs: performance.now() - started,
    ...(whole ? { warmStart: chosen.maps.map((m) => (toFull === 1 ? m : Float32Array.from(m, (v) => v * toFull))) } : {}),
    searchIterations,
    searchPixels: width * height,
    ...(oneSe ? { oneStandardError: seSteps } : {}),
  };
}
