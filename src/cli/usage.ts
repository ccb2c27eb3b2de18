// How each command is called: one line (or a few) per command, shown by `fusem help`, by a command's --help and
// in its usage errors. The one copy of each.

import { DATA_TERM_CHOICES } from '../compute/model/data-terms/index.js';
import { WEIGHTING_MODES } from '../compute/model/weighting.js';
import { PHANTOM_NAMES } from '../compute/simulate/phantoms/index.js';

export const USAGES = {
  fuse: `fusem fuse --haadf FILE --map EL=FILE [--map EL=FILE ...] [--variance EL=FILE ...] --out DIR [options]
    (--variance: per-pixel noise variances of each map, e.g. variance_<El>.npy from fusem maps; least squares weighs by them)
  fusem fuse --input FILE --out DIR [options]      (one file holding the HAADF and labelled maps)
    --gamma G  --lambda-chem L  --lambda-tv L  --iters N  --tv-iters N  --eps E
    --weighting paper|tutorial|none|w1,w2,...  --data-term ${DATA_TERM_CHOICES.join('|')}  --haadf-background offset|ramp|quadratic
    --pseudo-counts C  --normalise counts|reference  --start auto|data|coarse-to-fine  --warm-start RESULT_DIR
    --tolerance T  --step S  --init-threshold T  --haadf-refit N  --backtrack on|off  --solver fista|plain
    --choose-lambda both|tv|chem|none  --preset default|reference  --backend auto|cpu|gpu|reference  --threads N
    --auto (both λ from the data, even under --preset reference; the default already chooses λ not given)
    --stderr (write stderr_<El>.npy, the per-pixel standard errors)  --overwrite  --json  --quiet
    --k-factor|--zeta-factor|--cross-section|--sensitivity EL=V,...  (per-element factors: compositions in atomic %)
    --factor-uncertainty 10%|EL=U,...  (the factors' relative uncertainty: a prior combined with the HAADF estimate)
    --k-estimate on|off  (k-ratios from the HAADF when no factors are given; default on)
  fusem fuse --input SI_FILE --elements Co,Mn,O --out DIR [map options] [options]   (map a spectrum image, then fuse)`,
  maps: `fusem maps SI_FILE --elements Co,Mn,O [--edge Co=L3 …] [--line Mo=L …] [--bin-energy N] [--bin-pixels N] --out DIR
    [--frames F|F1-F2] [--edx-method fit|windows] [--resolution FWHM_eV] [--pre-edge El=A:B] [--signal-window El=A:B]`,
  info: 'fusem info FILE [--json]',
  simulate: 'fusem simulate PHANTOM --out DIR [--dose D | --snr S] [--haadf-dose D | --haadf-snr S] [--read-noise R] [--offset O] ' +
    '[--eels-background B] [--map-units U] [--haadf-ramp R] [--spectrum-image eels|edx (writes DIR/si.hspy)] ' +
    `[--size N] [--seed S] [--gamma G] [--weighting ${WEIGHTING_MODES.join('|')}] [--sensitivity EL=V,…] [--json]   (PHANTOM: ${PHANTOM_NAMES.join(', ')})`,
  demo: 'fusem demo [--out DIR] [--json]',
  quantify: 'fusem quantify --result DIR [--roi [NAME=]all|rect:X,Y,W,H|ellipse:CX,CY,RX,RY[,DEG]|point:X,Y|polygon:X1,Y1,…] ... [--json]',
  'gamma-scan': 'fusem gamma-scan (--input FILE | --haadf FILE --map EL=FILE ...) [--gammas 1.4,1.55,1.7,1.85,2 | 1.4:2:0.15] [fusion options] [--json]',
  sweep: 'fusem sweep PHANTOM --out DIR --haadf-snr S1,S2,... --chem-snr S1,S2,... [--realisations N] [--size N] ' +
    '[--cells i:j] [--seed S] [--noise common|independent] [--backend auto|cpu|gpu|reference] [--threads N] [fusion options] [--json] [--quiet]\n' +
    `  fusem sweep --collect DIR [--json]      (PHANTOM: ${PHANTOM_NAMES.join(', ')}; --cells is half-open: 2:5 runs cells 2, 3, 4)`,
  watch: `fusem watch DIR --out OUT [fusion options as fuse] [--backend auto|cpu|gpu|reference] [--threads N]
    [--poll] [--poll-interval MS] [--settle S] [--read-attempts N] [--depth N] [--once] [--json] [--quiet]
    [--elements Co,O,… and the other map options of fusem maps (spectrum images that land are mapped with them)]`,
  import: 'fusem import PROJECT FILE... [--reference] [--label L] [--element FROM=TO ...] [--create] [--json]',
  serve: 'fusem serve [--port P] [--host H --token T | --token-file F] [--project DIR] [--read-only] [--project-root DIR ...] [--config DIR]',
} as const;

export type CommandName = keyof typeof USAGES;
