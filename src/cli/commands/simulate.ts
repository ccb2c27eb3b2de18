// `fusem simulate PHANTOM --out DIR ...`: a phantom, its simulated noisy acquisition and its truth, as .npy files.

import { checkWritableFolder, mkdirBounded } from '../../compute/io/safe-path.js';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../compute/io/atomic.js';
import { flag, parseArgs, parseDecimal, single, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { USAGES } from '../usage.js';
import { writeNpy } from '../../compute/io/npy/write.js';
import { WEIGHTING_MODES, type WeightingMode } from '../../compute/model/weighting.js';
import { simulateAcquisition, type AcquisitionOptions } from '../../compute/simulate/dose.js';
import { PHANTOM_NAMES, PHANTOMS, resolvePhantomName } from '../../compute/simulate/phantoms/index.js';
import { deepestPixel } from '../../compute/simulate/region-point.js';
import { parseElementValues } from '../element-values.js';
import type { Phantom } from '../../compute/simulate/phantom.js';
import { simulateEdxSpectrumImage, simulateEelsSpectrumImage } from '../../compute/simulate/spectrum-image.js';
import { writeSpectrumImageHspy } from '../../compute/io/hspy/write-spectrum-image.js';


const VALUE_FLAGS = ['out', 'dose', 'haadf-dose', 'snr', 'haadf-snr', 'read-noise', 'offset', 'size', 'seed', 'gamma', 'weighting', 'sensitivity', 'eels-background', 'map-units', 'haadf-ramp', 'spectrum-image'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

interface Parsed {
  phantom: string;
  values: Partial<Record<ValueFlag, string>>;
  json: boolean;
}

function parseSimulateArgs(argv: string[]): Parsed {
  if (argv.some((a) => a === '--k' || a.startsWith('--k='))) {
    throw new UsageError('--k: give per-element sensitivities as --sensitivity EL=V,… (map counts per atom, e.g. Co=1,S=0.6,O=0.25; Cliff–Lorimer k-factors are their inverse)');
  }
  const args = parseArgs(argv, VALUE_FLAGS, ['json']);
  const values: Partial<Record<ValueFlag, string>> = {};
  for (const name of VALUE_FLAGS) {
    const v = single(args, name);
    if (v === '') throw new UsageError(`--${name} needs a value`);
    if (v !== undefined) values[name] = v;
  }
  if (args.positional.length === 0) throw new UsageError(`which phantom? one of ${PHANTOM_NAMES.join(', ')}`);
  if (args.positional.length > 1) throw new UsageError(`one phantom at a time, got ${args.positional.join(' ')}`);
  return { phantom: args.positional[0]!, values, json: flag(args, 'json') };
}

function number(values: Parsed['values'], flag: ValueFlag, check: (v: number) => boolean, what: string): number | undefined {
  const text = values[flag];
  if (text === undefined) return undefined;
  const v = parseDecimal(text);
  if (v === null || !check(v)) throw new UsageError(`--${flag} must be ${what}, got "${text}"`);
  return v;
}

/** Runs `fusem simulate`; 0 on success, 2 on bad input (one line on err), 1 on an internal error. */
export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof RangeError) {
      io.err(`fusem simulate: ${e.message}`);
      return 2;
    }
    if (e instanceof Error && typeof (e as { syscall?: unknown }).syscall === 'string') {
      io.err(`fusem simulate: cannot write the output: ${e.message}`); // a file-system error (EACCES, ENOSPC, ENOTDIR…)
      return 2;
    }
    io.err(`fusem simulate: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`usage: ${USAGES.simulate}`);
    return 0;
  }
  const { phantom: phantomArg, values, json } = parseSimulateArgs(args);
  const name = resolvePhantomName(phantomArg);
  if (name === undefined) throw new UsageError(`unknown phantom "${phantomArg}" (one of ${PHANTOM_NAMES.join(', ')})`);
  const dir = values.out;
  if (dir === undefined) throw new UsageError('--out DIR is required');
  if (values.dose !== undefined && values.snr !== undefined) throw new UsageError('give --dose or --snr, not both');
  if (values['haadf-dose'] !== undefined && values['haadf-snr'] !== undefined) throw new UsageError('give --haadf-dose or --haadf-snr, not both');
  const pos = (v: number): boolean => v > 0;
  const size = number(values, 'size', (v) => Number.isInteger(v) && v >= 32 && v <= 8192, 'an integer from 32 to 8192') ?? 256;
  const seed = number(values, 'seed', (v) => Number.isSafeInteger(v) && v >= 0, 'an integer ≥ 0') ?? 1;
  const weighting = values.weighting ?? 'paper';
  if (!(WEIGHTING_MODES as readonly string[]).includes(weighting)) throw new UsageError(`--weighting must be one of ${WEIGHTING_MODES.join(', ')}, got "${weighting}"`);
  const opts: AcquisitionOptions = {
    seed,
    chemDose: number(values, 'dose', pos, 'a number > 0'),
    chemSnr: number(values, 'snr', pos, 'a number > 0'),
    haadfDose: number(values, 'haadf-dose', pos, 'a number > 0'),
    haadfSnr: number(values, 'haadf-snr', pos, 'a number > 0'),
    readNoise: number(values, 'read-noise', (v) => v >= 0, 'a number ≥ 0'),
    offset: number(values, 'offset', () => true, 'a number'),
    gamma: number(values, 'gamma', pos, 'a number > 0'),
    weighting: weighting as WeightingMode,
    mapBackground: number(values, 'eels-background', (v) => v >= 0, 'a number ≥ 0 (background counts per pixel)'),
    mapUnits: number(values, 'map-units', pos, 'a number > 0'),
    haadfRamp: number(values, 'haadf-ramp', () => true, 'a number'),
    ...(values.sensitivity !== undefined ? { sensitivities: parseElementValues('sensitivity', values.sensitivity) } : {}),
  };

  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UsageError(`--out ${dir} exists and is not a directory`);
  await checkWritableFolder(dir, { what: 'the output folder' }); // no /proc, /dev, root or home, before any work

  const phantom = PHANTOMS[name]({ width: size, height: size, seed });
  if (values['spectrum-image'] !== undefined) return writeSimulatedSpectrumImage(phantom, values['spectrum-image'], dir, { seed, dose: opts.chemDose, haadfSnr: opts.haadfSnr }, io);
  const acq = simulateAcquisition(phantom, opts);
  const { width, height, elements } = phantom;
  const n = width * height;
  const shape = [height, width];

  await mkdirBounded(dir);
  // phantom.json marks a complete directory: remove an old one first, write the new one last.
  await rm(join(dir, 'phantom.json'), { force: true });
  await writeNpy(join(dir, 'haadf.npy'), acq.haadf, shape);
  await writeNpy(join(dir, 'haadf_clean.npy'), acq.haadfClean, shape);
  for (const [i, el] of elements.entries()) {
    await writeNpy(join(dir, `map_${el}.npy`), acq.maps.subarray(i * n, (i + 1) * n), shape);
    await writeNpy(join(dir, `truth_${el}.npy`), acq.truthMaps.subarray(i * n, (i + 1) * n), shape);
  }
  const regions = [];
  for (const r of phantom.regions ?? []) {
    const file = `mask_${r.name}.npy`;
    await writeNpy(join(dir, file), Float32Array.from(r.mask), shape);
    let pixels = 0;
    for (let p = 0; p < n; p++) pixels += r.mask[p]!;
    const deep = deepestPixel(r.mask, width, height);
    regions.push({ name: r.name, mask: file, pixels, point: deep ? { x: deep.x, y: deep.y } : null, composition: r.composition });
  }
  const s = acq.settings;
  const report = {
    fusem: 'simulate',
    phantom: phantom.name,
    description: phantom.description,
    elements,
    shape,
    seed,
    gamma: s.gamma,
    weighting: s.weighting,
    weights: Object.fromEntries(elements.map((el, i) => [el, s.weights[i]!])),
    doses: {
      chem: s.chemDose,
      chemDefinition: 'expected counts in the brightest pixel of the brightest elemental map',
      haadf: s.haadfDose,
      haadfDefinition: 'expected HAADF counts above the offset in the brightest pixel',
    },
    snr: {
      chem: s.chemSnr,
      chemByElement: s.chemSnrByElement,
      haadf: s.haadfSnr,
      definition:
        'mean expected signal / RMS noise over material pixels (expected signal > 1 % of its maximum, per element for maps): ' +
        'sqrt(mean counts) for the maps (pooled over elements), mean/sqrt(mean + read_noise²) for the HAADF',
    },
    readNoise: s.readNoise,
    offset: s.offset,
    eelsBackground: s.mapBackground,
    mapUnits: s.mapUnits,
    haadfRamp: s.haadfRamp,
    scales: { chem: s.chemScale, haadf: s.haadfScale },
    sensitivities: s.sensitivities,
    sensitivityDefinition: 'map counts per atom, relative (k-factor × cross-section × detector efficiency); Cliff–Lorimer k-factors are ∝ 1/sensitivity',
    model: s.mapBackground > 0
      ? 'maps = mapUnits·(Poisson(chemScale·k_i·t_i + B) − B̂), B̂ = B + N(0, (0.5·√B)²) (background-subtracted EELS), k_i the sensitivities; haadf = Poisson(haadfScale·Σ a_i t_i^γ) + N(0, readNoise²) + offset + ramp'
      : 'maps ~ mapUnits·Poisson(chemScale·k_i·t_i), k_i the sensitivities; haadf = Poisson(haadfScale·Σ a_i t_i^γ) + N(0, readNoise²) + offset + ramp',
    files: {
      haadf: 'haadf.npy',
      haadfClean: 'haadf_clean.npy',
      maps: Object.fromEntries(elements.map((el) => [el, `map_${el}.npy`])),
      truth: Object.fromEntries(elements.map((el) => [el, `truth_${el}.npy`])),
      truthUnits: 'expected counts per pixel × mapUnits, same units as the maps (phantom atoms per pixel × sensitivity × scales.chem × mapUnits); region compositions are atomic fractions',
    },
    regions,
  };
  const text = JSON.stringify(report, null, 2) + '\n';
  await writeFileAtomic(join(dir, 'phantom.json'), new TextEncoder().encode(text));
  if (json) io.out(text.trimEnd());
  else {
    io.out(
      `fusem simulate: wrote ${dir}: ${phantom.name} ${width}×${height} (${elements.join(', ')}), seed ${seed}; ` +
        `chemical dose ${fmt(s.chemDose)} (SNR ${fmt(s.chemSnr)}), HAADF dose ${fmt(s.haadfDose)} (SNR ${fmt(s.haadfSnr)}), ` +
        `γ ${s.gamma}, weighting ${s.weighting}, sensitivities ${Object.entries(s.sensitivities).map(([e, v]) => `${e} ${v}`).join(' / ')}`,
    );
  }
  return 0;
}

/** `--spectrum-image eels|edx`: the phantom as a spectrum image (compute/simulate/spectrum-image.ts) in DIR/si.hspy, with its truth maps. */
async function writeSimulatedSpectrumImage(phantom: Phantom, kind: string, dir: string, opts: { seed: number; dose: number | undefined; haadfSnr: number | undefined }, io: CliIo): Promise<number> {
  if (kind !== 'eels' && kind !== 'edx') throw new UsageError(`--spectrum-image must be eels or edx, got "${kind}"`);
  const simOpts = { seed: opts.seed, ...(opts.dose !== undefined ? { dose: opts.dose } : {}), ...(opts.haadfSnr !== undefined ? { haadfSnr: opts.haadfSnr } : {}) };
  const sim = kind === 'eels' ? simulateEelsSpectrumImage(phantom, simOpts) : simulateEdxSpectrumImage(phantom, simOpts);
  await mkdirBounded(dir);
  const shape = [phantom.height, phantom.width];
  for (const [i, el] of phantom.elements.entries()) await writeNpy(join(dir, `truth_${el}.npy`), sim.truth[i]!, shape);
  const file = join(dir, 'si.hspy');
  await writeSpectrumImageHspy(file, sim.si, sim.haadf);
  const lines = Object.entries(sim.lines).map(([el, l]) => `${el} ${l}`).join(', ');
  io.out(`fusem simulate: wrote ${file}: ${sim.si.kind} spectrum image of ${phantom.name} ${phantom.width}×${phantom.height}×${sim.si.energy.size} channels (${lines}), seed ${opts.seed}; truth_<El>.npy are the expected counts a mapping should recover`);
  return 0;
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
