// Vitest global setup: says once per run, in one line, when tests of the full sample set are skipped.
import { HAVE_SHARED_DATA, MISSING_DATA_NOTE } from '../sample-data.js';

export default function setup(): void {
  if (!HAVE_SHARED_DATA) process.stderr.write(`\nfusem tests: ${MISSING_DATA_NOTE}\n\n`);
}
