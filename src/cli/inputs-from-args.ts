// The fusion inputs a command line names: `--input FILE`, or `--haadf FILE` with `--map EL=FILE` per element (and
// `--variance EL=FILE` per map: per-pixel variances, as `fusem maps` writes them), or
// `--input SI_FILE --elements …` (a spectrum image mapped first, issue 11).

import { loadDatasetFile, loadSeparateFiles, type LoadedInputs } from '../compute/io/load-inputs.js';
import { single, UsageError, type ParsedArgs } from './args.js';
import { mapRequestFromArgs } from './spectrum-inputs.js';

/** `--map El=FILE` (or `--variance El=FILE`) → [El, FILE] */
function mapOption(value: string, option = 'map'): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--${option} needs ELEMENT=FILE (got "${value}")`);
  return [value.slice(0, eq).trim(), value.slice(eq + 1)];
}

/** The inputs named by `--input FILE`, or `--haadf FILE` with `--map EL=FILE` for each element. */
export async function loadInputsFromArgs(args: ParsedArgs): Promise<LoadedInputs> {
  const input = single(args, 'input');
  const haadfFile = single(args, 'haadf');
  const mapArgs = (args.options.get('map') ?? []).map((v) => mapOption(v));
  const varianceArgs = (args.options.get('variance') ?? []).map((v) => mapOption(v, 'variance'));
  if (varianceArgs.length > 0 && mapArgs.length === 0) throw new UsageError('--variance EL=FILE goes with --map EL=FILE (a spectrum image given with --input brings its own variances)');
  const spectrum = mapRequestFromArgs(args);
  if (spectrum) { // issue 11: --input SI --elements …: map the spectrum image, then fuse
    if (input === undefined) throw new UsageError('--elements maps a spectrum image: give it with --input SI_FILE');
    if (mapArgs.length > 0) throw new UsageError('give either --input SI_FILE --elements …, or --map EL=FILE, not both');
    const { loadSpectrumImageInputs } = await import('../compute/io/load-spectrum-image.js'); // the spectra code loads only for a spectrum image
    return loadSpectrumImageInputs(input, haadfFile, spectrum.request, spectrum.frames);
  }
  if (input !== undefined) {
    if (haadfFile !== undefined || mapArgs.length > 0) throw new UsageError('give either --input FILE, or --haadf FILE with --map EL=FILE, not both');
    return loadDatasetFile(input);
  }
  if (haadfFile === undefined) throw new UsageError('no input: give --input FILE, or --haadf FILE and --map EL=FILE for each element');
  if (mapArgs.length === 0) throw new UsageError('no elemental maps: give --map EL=FILE for each element');
  return loadSeparateFiles(haadfFile, mapArgs, varianceArgs);
}
