// Where the tests find real sample files: ../shared/data beside the clone when it is there (every development
// checkout and CI), else the subset vendored in tests/fixtures/samples (fresh clones). Tests of files in neither
// are skipped; tests/unit/sample-data-notice.ts says so once per run.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
/** The full sample set (read-only), when the clone has it beside it. */
export const SHARED_DATA = resolve(REPO, '../shared/data');
/** The vendored subset (tests/fixtures/samples/README.md says what and under which licences). */
export const VENDORED_DATA = join(REPO, 'tests/fixtures/samples');
/** FUSEM_TESTS_WITHOUT_SHARED_DATA=1 runs as a fresh clone would, to check the skips. */
export const HAVE_SHARED_DATA = !process.env['FUSEM_TESTS_WITHOUT_SHARED_DATA'] && existsSync(join(SHARED_DATA, 'README.md'));
/** The folder the tests read: ../shared/data, or the vendored subset in its layout (io/…, Co3O4_Mn3O4.h5). */
export const DATA = HAVE_SHARED_DATA ? SHARED_DATA : VENDORED_DATA;
export const IO = join(DATA, 'io');

/** True when `rel` (relative to the data folder, e.g. 'io/velox_v11_SI_16x16.emd') can be read by this run. */
export const hasSample = (rel: string): boolean => existsSync(join(DATA, rel));

/** The one line said when tests are skipped for want of ../shared/data. */
export const MISSING_DATA_NOTE = `${SHARED_DATA} is absent: tests of sample files not vendored in tests/fixtures/samples are skipped (see README.md, "Sample data", to get them)`;
