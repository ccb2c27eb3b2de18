// The fusion inputs a command line names: `--input FILE`, or `--haadf FILE` with `--map EL=FILE` per element.

import { loadDatasetFile, loadSeparateFiles, type LoadedInputs } from '../compute/io/load-inputs.js';
import { single, UsageError, type ParsedArgs } from './args.js';

/** `--map El=FILE` → [El, FILE] */
function mapOption(value: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--map needs ELEMENT=FILE (got "${value}")`);
  return [value.slice(0, eq).trim(), value.slice(eq + 1)];
}

/** The inputs named by `--input FILE`, or `--haadf FILE` with `--map EL=FILE` for each element. */
export async function loadInputsFromArgs(args: ParsedArgs): Promise<LoadedInputs> {
  const input = single(args, 'input');
  const haadfFile = single(args, 'haadf');
  const mapArgs = (args.options.get('map') ?? []).map(mapOption);
  if (input !== undefined) {
    if (haadfFile !== undefined || mapArgs.length > 0) throw new UsageError('give either --input FILE, or --haadf FILE with --map EL=FILE, not both');
    return loadDatasetFile(input);
  }
  if (haadfFile === undefined) throw new UsageError('no input: give --input FILE, or --haadf FILE and --map EL=FILE for each element');
  if (mapArgs.length === 0) throw new UsageError('no elemental maps: give --map EL=FILE for each element');
  return loadSeparateFiles(haadfFile, mapArgs);
}
