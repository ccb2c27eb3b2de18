// `fusem fuse`: read a HAADF image and elemental maps, fuse them, write DIR/fused_<El>.{npy,tif} and
// DIR/report.json (DESIGN.md §4). Exit 0 on success, 2 on bad input, 1 on an internal error.

import { flag, numberOption, parseArgs, single, UsageError } from '../args.js';
import { PARAM_OPTIONS, paramsFromArgs } from '../params-from-args.js';
import { writeOutDir } from '../out-dir.js';
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

const VALUED = [...PARAM_OPTIONS, 'haadf', 'map', 'input', 'out', 'backend', 'threads', 'warm-start', 'progress-every'];
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
  const params: FusionParams = paramsFromArgs(args);
  const backendChoice = single(args, 'backend') ?? 'auto';
  if (!['auto', 'cpu', 'gpu', 'reference'].includes(backendChoice)) throw new UsageError(`--backend must be auto, cpu, gpu or reference (got "${backendChoice}")`);
  const threads = numberOption(args, 'threads');
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads must be a positive integer (got ${threads})`);
  const progressEvery = numberOption(args, 'progress-every') ?? 10;

  const loaded = await loadInputsFromArgs(args);
  assertFusable(loaded, params.dataTerm);
  const paramProblems = validateParams(params, loaded.inputs.elements.length);
  if (paramProblems.length > 0) throw new UsageError(paramProblems[0]!);
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
      const chosen = await autoParams(loaded.inputs, params, { backend });
      if (!quiet) for (const line of formatValidationCurve(chosen)) io.err(line);
      fuseParams = chosen.params;
      auto = autoParamsReport(chosen);
    }
    result = await fuse(loaded.inputs, fuseParams, {
      backend, warmStart,
      onProgress: ({ record, iterations }) => {
        if (quiet || (record.iteration % progressEvery !== 0 && record.iteration !== iterations)) return;
        io.err(`${record.level === 'coarse' ? 'coarse ' : ''}iteration ${record.iteration}/${iterations}  Ψ1 ${record.haadf.toExponential(4)}  Ψ2 ${record.chem.toExponential(4)}  TV ${record.tv.toExponential(4)}  change ${record.change.toExponential(2)}`);
      },
    });
  } finally {
    await backend.dispose();
  }
  let stderr: StderrOutput | undefined;
  if (flag(args, 'stderr')) { // --stderr: per-pixel standard errors (src/compute/uncertainty), and the Cramér–Rao bound's average
    const maps = standardErrorMaps(loaded.inputs, result);
    stderr = { maps, report: stderrReport(maps, standardErrorMaps(loaded.inputs, result, { method: 'fisher' })) };
  }
  let report: FuseReport | undefined;
  await writeOutDir(out, flag(args, 'overwrite'), async (tmp) => { report = await writeResult(tmp, loaded, result, auto, stderr); });
  if (flag(args, 'json')) io.out(JSON.stringify(report));
  else for (const note of [...loaded.notes, ...result.notes]) io.err(`note: ${note}`);
  if (!flag(args, 'json')) io.out(`fused ${result.elements.join(', ')} (${result.height}×${result.width}) in ${(result.wallMs / 1000).toFixed(2)} s on ${result.backend}, ${result.iterationsRun} iterations → ${out}`);
  return 0;
}
