import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../../src/cli/commands/sweep.js';
import type { CliIo } from '../../../src/cli/io.js';

interface Captured { io: CliIo; out: string[]; err: string[] }
function capture(): Captured {
  const out: string[] = [], err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}
async function sweep(argv: string[], signal?: AbortSignal): Promise<Captured & { code: number }> {
  const c = capture();
  const code = await sweepCommand(argv, c.io, signal);
  return { ...c, code };
}

interface SweepJson {
  gridId: string; meanNrmse: (number | null)[][]; rawMeanNrmse: (number | null)[][]; nrmse: Record<string, (number | null)[][]>;
  missing: number[]; complete: boolean; cells: number; run?: { ran: number[]; skipped: number[]; cancelled: boolean };
}

let root: string;
beforeAll(async () => { root = await mkdtemp(path.join(tmpdir(), 'fusem-sweep-cli-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

const grid = (dir: string) => ['core-shell', '--out', dir, '--haadf-snr', '2,20', '--chem-snr', '1,4', '--realisations', '1', '--size', '32',
  '--iters', '5', '--tv-iters', '4', '--backend', 'cpu', '--threads', '1'];

describe('fusem sweep', () => {
  it('runs a slice, then the rest, and --collect --json gives the full matrix', async () => {
    const dir = path.join(root, 'a');
    const first = await sweep([...grid(dir), '--cells', '0:2', '--json']);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.out.join('\n')) as SweepJson;
    expect(a.run).toEqual({ ran: [0, 1], skipped: [], cancelled: false });
    expect(a.missing).toEqual([2, 3]);
    expect(a.meanNrmse[1]).toEqual([null, null]);

    const second = await sweep(grid(dir)); // text output, progress on err
    expect(second.code).toBe(0);
    expect(second.err.filter((l) => l.includes('already done'))).toHaveLength(2);
    expect(second.err.filter((l) => /^cell [23] \(HAADF SNR 20, chemical SNR [14]\): NRMSE/.test(l))).toHaveLength(2);
    expect(second.out.join('\n')).toMatch(/HAADF \\ chem\s+1\s+4\n\s+2\s+\d\.\d{4}\s+\d\.\d{4}\n\s+20\s+\d\.\d{4}\s+\d\.\d{4}/);
    expect(second.out.at(-1)).toBe('all 4 cells done');
    expect((await readdir(path.join(dir, 'cells'))).sort()).toEqual(['0.json', '1.json', '2.json', '3.json']);

    const collected = await sweep(['--collect', dir, '--json']);
    expect(collected.code).toBe(0);
    const c = JSON.parse(collected.out.join('\n')) as SweepJson;
    expect(c.complete).toBe(true);
    expect(c.missing).toEqual([]);
    expect(c.gridId).toBe(a.gridId);
    expect(c.meanNrmse[0]!.slice()).toEqual(a.meanNrmse[0]);
    expect(c.meanNrmse.flat().every((v) => typeof v === 'number' && v > 0)).toBe(true);
    expect(Object.keys(c.nrmse)).toEqual(['Co', 'S', 'O']);
    expect(c).not.toHaveProperty('run');
  });

  it('--collect of a partial sweep lists the missing cells', async () => {
    const dir = path.join(root, 'b');
    expect((await sweep([...grid(dir), '--cells', '3', '--quiet'])).code).toBe(0);
    const r = await sweep(['--collect', dir]);
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toBe('3 of 4 cells missing: 0:3 (run them with --cells)');
    expect(r.out.join('\n')).toContain('—');
  });

  it('a cancelled run exits 130 and keeps finished cells', async () => {
    const dir = path.join(root, 'c');
    const controller = new AbortController();
    controller.abort();
    const r = await sweep([...grid(dir), '--json'], controller.signal);
    expect(r.code).toBe(130);
    expect(r.err.join('\n')).toMatch(/cancelled/);
    expect((JSON.parse(r.out.join('\n')) as SweepJson).missing).toEqual([0, 1, 2, 3]);
  });

  it('exits 2 with one line on bad input', async () => {
    const dir = path.join(root, 'd');
    expect((await sweep([...grid(dir), '--cells', '0:1', '--quiet'])).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['--out', dir, '--haadf-snr', '1', '--chem-snr', '1'], /which phantom/],
      [['nope', '--out', dir, '--haadf-snr', '1', '--chem-snr', '1'], /unknown phantom "nope"/],
      [['core-shell', '--haadf-snr', '1', '--chem-snr', '1'], /--out DIR is required/],
      [['core-shell', '--out', dir, '--chem-snr', '1'], /--haadf-snr is required/],
      [['core-shell', '--out', dir, '--haadf-snr', '1,x', '--chem-snr', '1'], /--haadf-snr must be a comma-separated list/],
      [['core-shell', '--out', dir, '--haadf-snr', '1', '--chem-snr', '0'], /--chem-snr must be/],
      [['core-shell', '--out', dir, '--haadf-snr', '1', '--chem-snr', '1', '--realisations', '0'], /realisations must be/],
      [['core-shell', '--out', dir, '--haadf-snr', '1', '--chem-snr', '1', '--iters', '0'], /iters must be/],
      [['core-shell', '--out', dir, '--haadf-snr', '1', '--chem-snr', '1', '--bogus'], /unknown option --bogus/],
      [[...grid(dir), '--cells', '4:6'], /the grid has cells 0 to 3/],
      [[...grid(dir), '--noise', 'pink'], /--noise must be common or independent/],
      [[...grid(dir), '--realisations', '2'], /holds another sweep/], // same DIR, different grid
      [['--collect', path.join(root, 'none')], /not a sweep directory/],
      [['--collect', dir, '--size', '32'], /--collect takes only a directory/],
    ];
    for (const [argv, message] of cases) {
      const r = await sweep(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toHaveLength(1);
      expect(r.err[0], argv.join(' ')).toMatch(/^fusem sweep: /);
      expect(r.err[0], argv.join(' ')).toMatch(message);
    }
    expect((await sweep(['--help'])).out[0]).toMatch(/^usage: fusem sweep PHANTOM/);
  });
});
