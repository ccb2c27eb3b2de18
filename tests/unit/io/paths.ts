// Where io tests find the shared sample files and their own fixtures, and a temp-dir helper.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository, else the vendored subset (tests/sample-data.ts). */
export { DATA, IO, hasSample } from '../../sample-data.js';
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A fresh temp directory and a cleanup function. */
export function tempDir(prefix = 'fusem-io-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
