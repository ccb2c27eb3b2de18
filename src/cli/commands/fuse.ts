// `fusem fuse`: read a HAADF image and elemental maps, fuse them, write DIR/fused_<El>.{npy,tif} and
// DIR/report.json (DESIGN.md §4). Exit 0 on success, 2 on bad input, 1 on an internal error.

import { flag, numberOption, parseArgs, single, UsageError, threadsOption, type ParsedArgs } from '../args.js';
import { PARAM_OPTIONS, paramsFromArgs } from '../params-from-args.js';
import { checkOutDir, writeOutDir } from '../out-dir.js';
import { fusedResultProblem } from '../../compute/solve/result-check.js';
import { InputError } from '../../compute/io/errors.js';
import { NO_COMPOSITION_PER_MAP_UNITS, readResultMaps, writeResult, type FuseReport, type StderrOutput } from '../../compute/io/result/index.js';
import { assertFusable } from '../../compute/io/load-inputs.js';
import { loadInputsFromArgs } from '../inputs-from-args.js';
import { createBackend } from '../../compute/node/select-backend.js';
import { MAP_VALUED } from '../spectrum-inputs.js';
import { runFusionJob } from '../../compute/pipeline/fusion-job.js';
import { validateParams, type FusionParams } from '../../compute/solve/params.js';
import type { CliIo } from '../io.js';
import { FACTOR_OPTIONS, givenFactorsFromArgs } from '../element-values.js';
import { ATOM_UNITS, planStoichiometry, type Stoichiometry } from '../../compute/kfactors/index.js';
import type { FusionInputs } from '../../compute/solve/inputs.js';
import type { FusionBackend } from '../../compute/backend/types.js';

const VALUED = [...PARAM_OPTIONS, ...FACTOR_OPTIONS, ...MAP_VALUED, 'k-estimate', 'haadf', 'map', 'variance', 'input', 'out', 'backend', 'threads', 'warm-start', 'progress-every'];
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
  const backend = await createBackend(backendChoice as 'auto' | 'cpu' | 'gpu' | 'reference', threads === undefined ? {} : { threads })
    .catch((e: unknown) => { throw new UsageError(`--backend ${backendChoice}: ${e instanceof Error ? e.message : String(e)}`); }); // e.g. no GPU here: say so, exit 2
  backend.prepare?.(); // its threads start while the inputs are read and planned
  try {
    return await fuseWith(backend, args, io, { out, userParams, given, kEstimate, progressEvery });
  } finally {
    await backend.dispose();
  }
}

interface FuseSettings {
  out: string;
  userParams: FusionParams;
  given: ReturnType<typeof givenFactorsFromArgs>;
  kEstimate: string;
  progressEvery: number;
}

/** The rest of `fusem fuse` on a backend: read, plan, fuse, write, tell. */
async function fuseWith(backend: FusionBackend, args: ParsedArgs, io: CliIo, { out, userParams, given, kEstimate, progressEvery }: FuseSettings): Promise<number> {
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

  const quiet = flag(args, 'quiet') || flag(args, 'json');
  // --auto: both λ from the data whatever the preset (the default already chooses them unless given or --preset reference).
  const choosing = flag(args, 'auto') ? 'both' : params.chooseLambda;
  if (!quiet && choosing !== 'none') io.err(`choosing ${choosing === 'both' ? 'λ_TV and λ_chem' : choosing === 'tv' ? 'λ_TV' : 'λ_chem'} from the data (held-out counts; --lambda-tv and --lambda-chem fix them)…`);
  const job = await runFusionJob(inputs, { params, auto: flag(args, 'auto'), stderr: flag(args, 'stderr'), ...(warmStart ? { warmStart } : {}) }, {
    backend,
    onSearch: (p) => {
      if (!quiet) io.err(`λ search ${p.done}: λ_TV ${p.lambdaTV.toPrecision(3)}, λ_chem ${p.lambdaChem.toPrecision(3)} → held-out score ${p.score.toPrecision(5)} (best λ_TV ${p.best.lambdaTV.toPrecision(3)}, λ_chem ${p.best.lambdaChem.toPrecision(3)})`);
    },
    onProgress: ({ record, iterations }) => {
      if (quiet || (record.iteration % progressEvery !== 0 && record.iteration !== iterations)) return;
      io.err(`${record.level === 'coarse' ? 'coarse ' : ''}iteration ${record.iteration}/${iterations}  Ψ1 ${record.haadf.toExponential(4)}  Ψ2 ${record.chem.toExponential(4)}  TV ${record.tv.toExponential(4)}  residual ${(record.residual ?? record.change).toExponential(2)} (tolerance ${params.tolerance})`);
    },
  }).finally(() => backend.dispose()); // its threads and memory go before the result is written (the caller's finally disposes again: a no-op)
  const { result, auto } = job;
  const degenerate = fusedResultProblem(inputs, result);
  if (degenerate) throw new InputError('the fusion', degenerate);
  if (stoichiometry.mapsInAtoms) result.units = ATOM_UNITS;
  const stderr: StderrOutput | undefined = job.stderr ? { maps: job.stderr.maps, report: job.stderr.report } : undefined;
  let report: FuseReport | undefined;
  await writeOutDir(out, flag(args, 'overwrite'), async (tmp) => { report = await writeResult(tmp, loaded, result, auto, stderr, stoichiometry, loaded.inputs.maps); });
  if (flag(args, 'json')) io.out(JSON.stringify(report));
  else for (const note of [...loaded.notes, ...result.notes]) io.err(`note: ${note}`);
  if (!flag(args, 'json')) {
    io.err(`stoichiometry: ${stoichiometry.note}`);
    const st = report?.stoichiometry; // writeResult computed the compositions (none of the fused maps under --normalise reference)
    if (st?.composition) io.out(`composition over non-vacuum pixels, ${stoichiometry.unit}: ${st.composition.map((e) => `${e.element} ${(100 * e.mean).toFixed(1)}${e.kError > 0 ? ` ± ${(100 * e.kError).toFixed(1)}` : ''}`).join(', ')}`);
    else if (st?.compositionDefinition === NO_COMPOSITION_PER_MAP_UNITS) io.out(`composition of the fused maps: ${NO_COMPOSITION_PER_MAP_UNITS}`);
    // the same pixels' summed input maps: not biased by the fusion's smoothing (kfactors/composition.ts)
    const summed = st?.summedComposition?.elements;
    if (summed) io.out(`composition of the summed input maps over those pixels, ${stoichiometry.unit}: ${summed.map((e) => `${e.element} ${(100 * e.fraction).toFixed(1)} ± ${(100 * Math.hypot(e.stderr, e.kStderr)).toFixed(1)}`).join(', ')}`);
  }
  const c = result.convergence;
  const stop = c ? (c.converged ? `converged: residual ${c.reached.toExponential(2)} < tolerance ${c.tolerance}` : c.tolerance > 0 ? `NOT converged: residual ${c.reached.toExponential(2)} ≥ tolerance ${c.tolerance} after the iteration limit (raise --iters)` : `fixed iteration count, residual ${c.reached.toExponential(2)}`) : '';
  const lambdas = `λ_TV ${result.params.lambdaTV}, λ_chem ${result.params.lambdaChem}${auto ? ' (chosen from the data)' : ''}`;
  if (!flag(args, 'json')) io.out(`fused ${result.elements.join(', ')} (${result.height}×${result.width}) in ${(result.wallMs / 1000).toFixed(2)} s on ${result.backend}, ${result.iterationsRun} iterations (${stop}), ${lambdas} → ${out}`);
  return 0;
}
