/** Unit tests: plain Node, one forked process per file; e2e tests are Playwright's. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'out/**', 'lib/**', 'dist/**'],
    environment: 'node',
    globalSetup: ['tests/unit/sample-data-notice.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
