// `fusem help`: every command on its own line, its name apart from its summary.

import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

describe('fusem help', () => {
  it('lists every command with at least two spaces between its name and its summary', async () => {
    const run = await runCli(['help']);
    expect(run.code).toBe(0);
    const text = [...run.out, ...run.err].join('\n');
    for (const name of ['fuse', 'maps', 'info', 'simulate', 'demo', 'quantify', 'gamma-scan', 'sweep', 'watch', 'import', 'serve']) {
      expect(text, name).toMatch(new RegExp(`^  ${name}  +\\S`, 'm'));
    }
  });
});
