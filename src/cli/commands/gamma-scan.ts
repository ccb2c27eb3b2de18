// `fusem gamma-scan`: re-fuse one dataset over a range of γ and print how the composition moves
// (the paper's γ-sensitivity analysis). Inputs as `fusem fuse`; the composition is over all non-vacuum pixels.

import { flag, parseArgs, single, UsageError, parseDecimal } from '../args.js';
import type { CliIo } from '../io.js';
import { PARAM_OPTIONS, paramsFromArgs } from '../params-from-args.js';
import { assertFusable } from '../../compute/io/load-inputs.js';
import { loadInputsFromArgs } from '../inputs-from-args.js';
import { createBackend } from '../../compute/node/select-backend.js';
import { gammaScan } from '../../compute/sensitivity/index.js';
import { validateParams } from '../../compute/solve/params.js';
import { UNCALIBRATED_UNIT } from '../../compute/kfactors/index.js';

export const GAMMA_SCAN_USAGE = 'fusem gamma-scan (--input FILE | --haadf FILE --map EL=FILE ...) [--gammas 1.4,1.55,1.7,1.85,2] [fusion options] [--json]';

/** '1.4,1.6,2' or 'from:to:step' → the γ values. */
function gammaList(text: string): number[] {
  const num = (t: string): number => parseDecimal(t) ?? NaN;
  const range = text.split(':').map(num);
  const values = range.length === 3
    ? Array.from({ length: Math.floor((range[1]! - range[0]!) / range[2]! + 1e-9) + 1 }, (_, k) => +(range[0]! + k * range[2]!).toFixed(6))
    : text.split(',').map(num);
  if (values.length === 0 || values.length > 50 || values.some((g) => !Number.isFinite(g) || g <= 1 || g > 3)) {
    throw new UsageError(`--gammas must list 1 to 50 values in (1, 3], as 1.4,1.7,2 or 1.4:2:0.1 (got "${text}")`);
  }
  return values;
}

export async function gammaScanCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...PARAM_OPTIONS, 'haadf', 'map', 'input', 'gammas', 'backend', 'threads'], ['json']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (usage: ${GAMMA_SCAN_USAGE})`);
  const gammas = gammaList(single(args, 'gammas') ?? '1.4,1.55,1.7,1.85,2');
  const params = paramsFromArgs(args);
  const loaded = await loadInputsFromArgs(args);
  assertFusable(loaded, params.dataTerm);
  const problems = validateParams(params, loaded.inputs.elements.length);
  if (problems.length > 0) throw new UsageError(problems[0]!);
  const backend = await createBackend('auto');
  const scan = await gammaScan(loaded.inputs, params, gammas, { backend }).finally(() => backend.dispose());
  if (flag(args, 'json')) {
    io.out(JSON.stringify({ elements: loaded.inputs.elements, compositionUnit: UNCALIBRATED_UNIT, ...scan }));
    return 0;
  }
  const els = loaded.inputs.elements;
  io.out(`composition over non-vacuum pixels, ${UNCALIBRATED_UNIT} in %, mean ± std, by γ (${params.normalise} mode, weighting ${String(params.weighting)}; k-factors are not applied here):`);
  io.out(`    γ  ${els.map((e) => e.padStart(14)).join('')}`);
  for (const p of scan.points) io.out(`${p.gamma.toFixed(2).padStart(5)}  ${els.map((e) => `${(100 * p.composition[e]!.mean).toFixed(2)} ± ${(100 * p.composition[e]!.std).toFixed(2)}`.padStart(14)).join('')}`);
  io.out(`spread over γ (pp): ${els.map((e) => `${e} ${(100 * scan.spread[e]!).toFixed(2)}`).join(', ')}`);
  return 0;
}
