// `fusem quantify --result DIR [--roi [NAME=]SHAPE ...] [--json]` (DESIGN.md §4): the composition of each region of a
// fusion result — per element the relative concentration c_i = x_i / Σ_j x_j (mean ± its standard error from the
// result's stderr_<El>.npy, the pixels' spread, the region sum) and the 1-/2-Gaussian fit of its histogram.

import { InputError } from '../../compute/io/errors.js';
import { readResultMaps, readResultReport, type FuseReport } from '../../compute/io/result/index.js';
import { regionComposition, regionMask, type ElementComposition } from '../../compute/quant/index.js';
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
    fit: { gaussians: 1 | 2; components: { percent: number; sigma: number; weight: number }[] } | null;
  }[];
}

const pct = (v: number): number => 100 * v;

function elementOut(e: ElementComposition): RegionOut['elements'][number] {
  const se = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? pct(v) : null);
  return {
    element: e.element, percent: pct(e.mean), stderr: se(e.meanStderr), spread: pct(e.std),
    regionSum: pct(e.ratioOfSums), regionSumStderr: se(e.ratioOfSumsStderr),
    fit: e.fit ? { gaussians: e.fit.gaussians, components: e.fit.components.map((c) => ({ percent: pct(c.mean), sigma: pct(c.sigma), weight: c.weight })) } : null,
  };
}

const f2 = (v: number): string => v.toFixed(2);

function textLines(r: RegionOut): string[] {
  const head = `${r.name} (${r.roi}): ${r.used} of ${r.pixels} pixels${r.excluded > 0 ? ` (${r.excluded} below the vacuum threshold)` : ''}`;
  const rows = r.elements.map((e) => {
    const se = e.stderr !== null ? ` ± ${f2(e.stderr)}` : '';
    const fit = e.fit
      ? `  fit: ${e.fit.components.map((c) => `${f2(c.percent)} % (σ ${f2(c.sigma)}, w ${c.weight.toFixed(2)})`).join(' + ')}`
      : '';
    return `  ${e.element.padEnd(3)} ${f2(e.percent).padStart(6)} %${se}  spread ${f2(e.spread)}  region sum ${f2(e.regionSum)} %${fit}`;
  });
  return [head, ...rows];
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
    return { name: roi.name, roi: roi.spec, pixels: c.pixels, used: c.used, excluded: c.excluded, elements: c.elements.map(elementOut) };
  });

  const basis = compositionBasis(report);
  const stderrNote = report.stderr
    ? `± standard error from stderr_<El>.npy (${report.stderr.method}; neighbouring pixels of fused maps are correlated, so it is a lower bound)`
    : 'no standard errors (fuse with --stderr to have them)';
  if (flag(args, 'json')) {
    io.out(JSON.stringify({ result: dir, elements, shape: report.shape, units: report.units, composition: basis, stderr: report.stderr ? report.stderr.method : null, regions }));
    return 0;
  }
  io.out(`${dir}: ${elements.join(', ')} (${height}×${width}); composition in %: ${basis}; ${stderrNote}`);
  for (const r of regions) for (const line of textLines(r)) io.out(line);
  return 0;
}
