// Which reader a file needs: by magic bytes first, the extension must agree (issue 3: "extension AND magic").

import { extname } from 'node:path';
import { InputError } from './errors.js';
import { readHead } from './bytes.js';
import { isDm } from './dm/tags.js';
import { isHdf5 } from './hdf5/tree.js';
import { isZip } from './npy/npz.js';
import { isNpy } from './npy/read.js';
import { isTiff } from './tiff/ifd.js';

export type FileFormat = 'npy' | 'npz' | 'tiff' | 'hdf5' | 'dm';

const EXTENSIONS: Record<string, FileFormat> = {
  '.npy': 'npy', '.npz': 'npz', '.tif': 'tiff', '.tiff': 'tiff', '.emd': 'hdf5', '.h5': 'hdf5', '.hdf5': 'hdf5',
  '.hspy': 'hdf5', '.hdf': 'hdf5', '.nxs': 'hdf5', '.dm3': 'dm', '.dm4': 'dm',
};

export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);

function sniff(head: Uint8Array): FileFormat | null {
  if (isNpy(head)) return 'npy';
  if (isZip(head)) return 'npz';
  if (isTiff(head)) return 'tiff';
  if (isHdf5(head)) return 'hdf5';
  if (isDm(head)) return 'dm';
  return null;
}

/** The format of `file`; an InputError when the extension is unknown, or the contents do not match it. */
export async function detectFormat(file: string): Promise<FileFormat> {
  const ext = extname(file).toLowerCase();
  const byExt = EXTENSIONS[ext];
  const head = await readHead(file, 16);
  const byMagic = sniff(head);
  if (byExt === undefined) {
    const known = SUPPORTED_EXTENSIONS.join(', ');
    if (byMagic) throw new InputError(file, `unsupported extension '${ext || '(none)'}' (the contents look like ${byMagic}; rename it to one of ${known})`);
    throw new InputError(file, `unsupported file type '${ext || '(none)'}' (fusem reads ${known})`);
  }
  if (byMagic === null) {
    throw new InputError(file, `is not a valid ${ext} file (its first bytes are not a ${byExt.toUpperCase()} signature; truncated or corrupt?)`);
  }
  if (byMagic !== byExt) {
    throw new InputError(file, `has the extension ${ext} but its contents are ${byMagic.toUpperCase()} (wrong extension?)`);
  }
  return byMagic;
}
