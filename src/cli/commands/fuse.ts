// `fusem fuse`: read a HAADF image and elemental maps, fuse them, write DIR/fused_<El>.{npy,tif} and
// DIR/report.json (DESIGN.md §4). Exit 0 on success, 2 on bad input, 1 on an internal error.

import { flag, numberOption, parseArgs, single, UsageError, threadsOption } from '../args.js';
import { PARAM_OPTIONS, paramsFromArgs } from '../params-from-args.js';
import { checkOutDir, writeOutDir } from '../out-dir.js';
import { fusedResultProblem } from '../../compute/solve/result-check.js';
import { InputError } from '../../compute/io/errors.js';
import { readResultMaps, writeResult, type FuseReport, type StderrOutput } from '../../compute/io/result/index.js';
import { standardErrorMaps, stderrReport } from '../../compute/uncertainty/index.js';
import { assertFusable } from '../../compute/io/load-inputs.js';
import { loadInputsFromArgs } from '../inputs-from-args.js';
import { createBackend } from '../../compute/node/select-backend.js';
import { fuse, type FusionResult } from '../../compute/solve/fuse.js';
import { autoParams, autoParamsReport, formatValidationCurve, type AutoParamsReport } from '../../compute/autoparams/index.js';
import { validateParams, type FusionParams } from '../../compute/solve/params.js';
import type { CliIo } from '../io.js';
import { FACTOR_OPTIONS, givenFactorsFromArgs } from '../element-values.js';
import { ATOM_UNITS, planStoichiometry, type Stoichiometry } from '../../compute/kfactors/index.js';
import type { FusionInputs } from '../../compute/solve/inputs.js';
import { meanComposition } from '../../compute/kfactors/composition.js';

const VALUED = [...PARAM_OPTIONS, ...FACTOR_OPTIONS, 'k-estimate', 'haadf', 'map', 'input', 'out', 'backend', 'threads', 'warm-start', 'progress-every'];
const FLAGS = ['json', 'overwrite', 'quiet', 'stderr', 'auto'];

async function warmStartMaps(dir: string, elements: string[], width: number, height: number): Promise<Float32Array[]> {
  return (await readResultMaps(dir, 'fused', elements)).map((m) => {
    if (m.data.length !== width * height) throw new InputError(m.file, `warm-start map is ${m.shape.join('×')}, the inputs are ${height}×${width}`);
    return m.data;
  });
}

export async function fuseCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, VALUED, FLAGS);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
  const out = single(args, 'out');
  if (out === undefined) throw new UsageError('--out DIR is required');
  const userParams: FusionParams = paramsFromArgs(args);
  const given = givenFactorsFromArgs(args);
  const kEstimate = single(args, 'k-estimate') ?? 'on';
  if (kEstimate !== 'on' && kEstimate !== 'off') throw new UsageError(`--k-estimate must be on or off (got "${kEstimate}")`);
  const backendChoice = single(args, 'backend') ?? 'auto';
  if (!['auto', 'cpu', 'gpu', 'reference'].includes(backendChoice)) throw new UsageError(`--backend must be auto, cpu, gpu or reference (got "${backendChoice}")`);
  const threads = threadsOption(args);
  const progressEvery = numberOption(args, 'progress-every') ?? 10;
  await checkOutDir(out, flag(args, 'overwrite')); // before any work: where the result goes, and may it go there

  const loaded = await loadInputsFromArgs(args);
  assertFusable(loaded, userParams.dataTerm);
  const paramProblems = validateParams(userParams, loaded.inputs.elements.length);
  if (paramProblems.length > 0) throw new UsageError(paramProblems[0]!);
  // Stoichiometry (src/compute/kfactors): given factors, else k-ratios from the HAADF; the weights follow them.
  let stoichiometry: Stoichiometry;
  let params: FusionParams;
  let inputs: FusionInputs; // the atom maps b_i / s_i when the sensitivities are known
  try {
    ({ stoichiometry, params, inputs } = planStoichiometry(loaded.inputs, userParams, given, kEstimate === 'on'));
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  const warm = single(args, 'warm-start');
  const warmStart = warm === undefined ? undefined : await warmStartMaps(warm, loaded.inputs.elements, loaded.inputs.width, loaded.inputs.height);

  const backend = await createBackend(backendChoice as 'auto' | 'cpu' | 'gpu' | 'reference', threads === undefined ? {} : { threads });
  let result: FusionResult;
  let auto: AutoParamsReport | undefined;
  try {
    const quiet = flag(args, 'quiet') || flag(args, 'json');
    let fuseParams = params;
    if (flag(args, 'auto')) { // --auto: λ_TV and λ_chem by cross-validation on the data (src/compute/autoparams), replacing any given
      if (!quiet) io.err('--auto: choosing λ_TV and λ_chem by cross-validation…');
      const chosen = await autoParams(inputs, params, { backend });
      if (!quiet) for (const line of formatValidationCurve(chosen)) io.err(line);
      fuseParams = chosen.params;
      auto = autoParamsReport(chosen);
    }
    result = await fuse(inputs, fuseParams, {
      backend, warmStart,
      onProgress: ({ record, iterations }) => {
        if (quiet || (record.iteration % progressEvery !== 0 && record.iteration !== iterations)) return;
        io.err(`${record.level === 'coarse' ? 'coarse ' : ''}iteration ${record.iteration}/${iterations}  Ψ1 ${record.haadf.toExponential(4)}  Ψ2 ${record.chem.toExponential(4)}  TV ${record.tv.toExponential(4)}  change ${record.change.toExponential(2)}`);
      },
    });
  } finally {
    await backend.dispose();
  }
  const degenerate = fusedResultProblem(inputs, result);
  if (degenerate) throw new InputError('the fusion', degenerate);
  if (stoichiometry.mapsInAtoms) result.units = ATOM_UNITS;
  let stderr: StderrOutput | undefined;
  if (flag(args, 'stderr')) { // --stderr: per-pixel standard errors (src/compute/uncertainty), and the Cramér–Rao bound's average
    const maps = standardErrorMaps(inputs, result);
    stderr = { maps, report: stderrReport(maps, standardErrorMaps(inputs, result, { method: 'fisher' })) };
  }
  let report: FuseReport | undefined;
  await writeOutDir(out, flag(args, 'overwrite'), async (tmp) => { report = await writeResult(tmp, loaded, result, auto, stderr, stoichiometry); });
  if (flag(args, 'json')) io.out(JSON.stringify(report));
  else for (const note of [...loaded.notes, ...result.notes]) io.err(`note: ${note}`);
  if (!flag(args, 'json')) {
    io.err(`stoichiometry: ${stoichiometry.note}`);
    const c = meanComposition(result.maps, stoichiometry);
    if (c) io.out(`composition over non-vacuum pixels, ${stoichiometry.unit}: ${c.map((e) => `${e.element} ${(100 * e.mean).toFixed(1)}${e.kError > 0 ? ` ± ${(100 * e.kError).toFixed(1)}` : ''}`).join(', ')}`);
  }
  if (!flag(args, 'json')) io.out(`fused ${result.elements.join(', ')} (${result.height}×${result.width}) in ${(result.wallMs / 1000).toFixed(2)} s on ${result.backend}, ${result.iterationsRun} iterations → ${out}`);
  return 0;
}
