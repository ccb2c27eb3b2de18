// `fusem quantify --result DIR [--roi [NAME=]SHAPE ...] [--json]` (DESIGN.md §4): the composition of each region of a
// fusion result — per element the relative concentration c_i = x_i / Σ_j x_j (mean ± its standard error from the
// result's stderr_<El>.npy, the pixels' spread, the region sum) and the 1-/2-Gaussian fit of its histogram; and, when
// the input maps are still at hand, the element's share of the region's summed input maps (unbiased by the fusion).

import { InputError } from '../../compute/io/errors.js';
import { NO_COMPOSITION_PER_MAP_UNITS, readResultMaps, readResultReport, type FuseReport } from '../../compute/io/result/index.js';
import { regionComposition, regionMask, relativeConcentration, type ElementComposition } from '../../compute/quant/index.js';
import { readImage } from '../../compute/io/dataset.js';
import { sha256 } from '../../compute/io/load-inputs.js';
import { summedComposition, type SummedShare, type Stoichiometry } from '../../compute/kfactors/index.js';
import { stackMaps } from '../../compute/util/stack.js';
import { flag, parseArgs, single, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { parseRoi, type Roi } from '../roi.js';
import { USAGES } from '../usage.js';
import { UNCALIBRATED_UNIT } from '../../compute/kfactors/stoichiometry.js';

/**
 * What the compositions are. Without per-element sensitivities (k-factors given, or k-ratios estimated from the
 * HAADF) the ratio of map intensities is not an atomic fraction; with them the fused maps are atom maps and the
 * report's stoichiometry section names the unit (compute/kfactors).
 */
export function compositionBasis(report: FuseReport): string {
  const s = report.stoichiometry;
  return s && s.basis !== 'uncalibrated' ? s.unit : UNCALIBRATED_UNIT;
}

interface RegionOut {
  name: string;
  roi: string;
  pixels: number;
  used: number;
  excluded: number;
  elements: {
    element: string;
    /** Percent: the mean of the per-pixel c_i, its standard error, the pixels' spread (sd), the region sum Σx_i/ΣΣx_j. */
    percent: number;
    stderr: number | null;
    spread: number;
    regionSum: number;
    regionSumStderr: number | null;
    /** The share of the region's summed input maps (in atoms when calibrated), percent ± its standard error; null without the inputs. */
    summed: number | null;
    summedStderr: number | null;
    fit: { gaussians: 1 | 2; components: { percent: number; sigma: number; weight: number }[] } | null;
  }[];
}

const pct = (v: number): number => 100 * v;

function elementOut(e: ElementComposition, summed: SummedShare | null): RegionOut['elements'][number] {
  const se = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? pct(v) : null);
  return {
    element: e.element, percent: pct(e.mean), stderr: se(e.meanStderr), spread: pct(e.std),
    regionSum: pct(e.ratioOfSums), regionSumStderr: se(e.ratioOfSumsStderr),
    summed: summed ? pct(summed.fraction) : null, summedStderr: summed ? pct(Math.hypot(summed.stderr, summed.kStderr)) : null,
    fit: e.fit ? { gaussians: e.fit.gaussians, components: e.fit.components.map((c) => ({ percent: pct(c.mean), sigma: pct(c.sigma), weight: c.weight })) } : null,
  };
}

const f2 = (v: number): string => v.toFixed(2);

/** `perMapScaled`: a result fused with --normalise reference, whose fused maps' shares are no composition: only the summed maps'. */
function textLines(r: RegionOut, perMapScaled: boolean): string[] {
  const head = `${r.name} (${r.roi}): ${r.used} of ${r.pixels} pixels${r.excluded > 0 ? ` (${r.excluded} below the vacuum threshold)` : ''}`;
  if (perMapScaled) return [head, ...r.elements.map((e) => `  ${e.element.padEnd(3)} summed maps ${e.summed !== null ? `${f2(e.summed)} ± ${f2(e.summedStderr!)} %` : '–'}`)];
  const rows = r.elements.map((e) => {
    const se = e.stderr !== null ? ` ± ${f2(e.stderr)}` : '';
    const fit = e.fit
      ? `  fit: ${e.fit.components.map((c) => `${f2(c.percent)} % (σ ${f2(c.sigma)}, w ${c.weight.toFixed(2)})`).join(' + ')}`
      : '';
    const summed = e.summed !== null ? `  summed maps ${f2(e.summed)} ± ${f2(e.summedStderr!)} %` : '';
    return `  ${e.element.padEnd(3)} ${f2(e.percent).padStart(6)} %${se}  spread ${f2(e.spread)}  region sum ${f2(e.regionSum)} %${summed}${fit}`;
  });
  return [head, ...rows];
}

/**
 * The maps the result was fused from, in its element order: each element's input file as report.json names it, if it
 * still holds what was fused (same sha256) and is the result's size; else why they cannot be used.
 */
async function inputMaps(report: FuseReport, width: number, height: number): Promise<{ maps: Float32Array[] } | { why: string }> {
  const maps: Float32Array[] = [];
  for (const el of report.elements) {
    const rec = (report.inputs as FuseReport['inputs'] | undefined)?.find((r) => r.role === el); // reports written by hand may have none
    if (!rec) return { why: `report.json names no input file for ${el}` };
    const hash = await sha256(rec.file).catch(() => null);
    if (hash === null) return { why: `${rec.file} is gone` };
    if (hash !== rec.sha256) return { why: `${rec.file} changed since the fusion` };
    const img = await readImage(rec.file, { role: { element: el } }).catch(() => null);
    if (!img || img.data.length !== width * height) return { why: `${rec.file} does not hold the ${height}×${width} map of ${el} alone` };
    maps.push(img.data);
  }
  return { maps };
}

export async function quantifyCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['result', 'roi'], ['json']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (usage: ${USAGES.quantify})`);
  const dir = single(args, 'result');
  if (dir === undefined) throw new UsageError(`--result DIR is required (usage: ${USAGES.quantify})`);
  const rois: Roi[] = (args.options.get('roi') ?? ['all']).map(parseRoi);

  const report = await readResultReport(dir);
  const [height, width] = report.shape;
  const elements = report.elements;
  const fused = await readResultMaps(dir, 'fused', elements);
  for (const m of fused) {
    if (m.data.length !== width * height) throw new InputError(m.file, `map is ${m.shape.join('×')} but report.json says ${height}×${width}`);
  }
  const stderr = report.stderr ? await readResultMaps(dir, 'stderr', elements) : null;
  const stack = stackMaps(fused.map((m) => m.data));
  const sigma = stderr ? stackMaps(stderr.map((m) => m.data)) : undefined;

  const measured = await inputMaps(report, width, height);
  const st = report.stoichiometry;
  const stoichiometry: Stoichiometry = {
    basis: st?.basis ?? 'uncalibrated', unit: compositionBasis(report), elements, note: st?.note ?? '',
    sensitivities: st?.sensitivities ?? null, standardErrors: st?.standardErrors ?? null,
    ...(st?.logCovariance ? { logCovariance: st.logCovariance } : {}),
  };
  const valid = relativeConcentration(stack, elements.length).valid; // the pixels the statistics use: non-vacuum ones

  const regions: RegionOut[] = rois.map((roi) => {
    let mask: Uint8Array;
    if (roi.shape === null) mask = new Uint8Array(width * height).fill(1);
    else {
      const m = regionMask(roi.shape, width, height);
      if (!m.ok) throw new UsageError(`--roi ${roi.spec}: ${m.error} (the result is ${width}×${height} pixels)`);
      mask = m.mask;
    }
    const c = regionComposition(stack, elements, mask, sigma);
    if (!c.ok) throw new UsageError(`--roi ${roi.spec}: ${c.error}`);
    const summed = 'maps' in measured ? summedComposition(measured.maps, stoichiometry, Uint8Array.from(mask, (m, p) => (m && valid[p] ? 1 : 0)), width, height) : null;
    return { name: roi.name, roi: roi.spec, pixels: c.pixels, used: c.used, excluded: c.excluded, elements: c.elements.map((e, i) => elementOut(e, summed?.[i] ?? null)) };
  });

  const perMapScaled = report.normalisation?.mode === 'reference';
  const basis = perMapScaled ? `fused maps: ${NO_COMPOSITION_PER_MAP_UNITS}; summed maps: ${compositionBasis(report)}` : compositionBasis(report);
  const stderrNote = report.stderr
    ? `± standard error from stderr_<El>.npy (${report.stderr.method}; neighbouring pixels of fused maps are correlated, so it is a lower bound)`
    : 'no standard errors (fuse with --stderr to have them)';
  const summedNote = 'maps' in measured
    ? 'summed maps: the share of the region\'s summed input maps, ± counting noise and k error (not biased by the fusion\'s smoothing: the number to quote)'
    : `no summed maps (${measured.why})`;
  if (flag(args, 'json')) {
    // under --normalise reference the fused maps' percent (and its stderr, fit) are shares of per-map-scaled maps: flagged
    io.out(JSON.stringify({
      result: dir, elements, shape: report.shape, units: report.units, composition: basis, stderr: report.stderr ? report.stderr.method : null, summed: 'maps' in measured ? 'input maps' : measured.why,
      ...(perMapScaled ? { percentNotComposition: `percent, stderr, spread, regionSum and fit are of the fused maps: ${NO_COMPOSITION_PER_MAP_UNITS}` } : {}), regions,
    }));
    return 0;
  }
  io.out(`${dir}: ${elements.join(', ')} (${height}×${width}); composition in %: ${basis}; ${stderrNote}; ${summedNote}`);
  for (const r of regions) for (const line of textLines(r, perMapScaled)) io.out(line);
  return 0;
}
