// Reading whole files safely: size limits, clear errors for missing/empty/unreadable files.

import { open, stat } from 'node:fs/promises';
import { InputError } from './errors.js';

/** Largest file fusem reads into memory (bytes); bigger files are refused with a clear message. */
export const MAX_FILE_BYTES = 4 * 1024 ** 3;

/** Stat a file, turning "missing", "a directory", "empty" and "too large" into InputErrors. */
export async function checkFile(file: string, maxBytes: number = MAX_FILE_BYTES): Promise<number> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new InputError(file, 'is a directory, not a file');
    if (!st.isFile()) throw new InputError(file, 'is not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(e)})`);
  }
  if (size === 0) throw new InputError(file, 'is empty (0 bytes)');
  if (size > maxBytes) {
    throw new InputError(file, `is too large (${size} bytes; the limit is ${maxBytes} bytes)`);
  }
  return size;
}

/** Read a whole file (after checkFile). */
export async function readFileBytes(file: string, maxBytes: number = MAX_FILE_BYTES): Promise<Uint8Array> {
  const size = await checkFile(file, maxBytes);
  try {
    const fh = await open(file, 'r');
    try {
      const buf = new Uint8Array(size);
      let off = 0;
      while (off < size) {
        const { bytesRead } = await fh.read(buf, off, size - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return off === size ? buf : buf.subarray(0, off);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, `cannot be read (${code ?? String(e)})`);
  }
}

/** Read the first `n` bytes of a file (for magic-number checks). */
export async function readHead(file: string, n: number): Promise<Uint8Array> {
  await checkFile(file);
  try {
    const fh = await open(file, 'r');
    try {
      const buf = new Uint8Array(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, `cannot be read (${code ?? String(e)})`);
  }
}
