// How each command is called: one line (or a few) per command, shown by `fusem help`, by a command's --help and
// in its usage errors. The one copy of each.

import { WEIGHTING_MODES } from '../compute/model/weighting.js';
import { PHANTOM_NAMES } from '../compute/simulate/phantoms/index.js';

export const USAGES = {
  fuse: `fusem fuse --haadf FILE --map EL=FILE [--map EL=FILE ...] --out DIR [options]
  fusem fuse --input FILE --out DIR [options]      (one file holding the HAADF and labelled maps)
    --gamma G  --lambda-chem L  --lambda-tv L  --iters N  --tv-iters N  --eps E
    --weighting paper|tutorial|none|w1,w2,...  --data-term poisson|lsq  --normalise counts|reference
    --start data|coarse-to-fine  --warm-start RESULT_DIR  --tolerance T  --step S  --init-threshold T
    --haadf-refit N  --backtrack on|off  --preset default|reference  --backend auto|cpu|gpu|reference  --threads N
    --auto (choose λ_TV and λ_chem by cross-validation: Poisson thinning for counts, a checkerboard split otherwise)
    --stderr (write stderr_<El>.npy, the per-pixel standard errors)  --overwrite  --json  --quiet`,
  info: 'fusem info FILE [--json]',
  simulate: 'fusem simulate PHANTOM --out DIR [--dose D | --snr S] [--haadf-dose D | --haadf-snr S] [--read-noise R] [--offset O] ' +
    `[--size N] [--seed S] [--gamma G] [--weighting ${WEIGHTING_MODES.join('|')}] [--json]   (PHANTOM: ${PHANTOM_NAMES.join(', ')})`,
  demo: 'fusem demo [--out DIR] [--json]',
  quantify: 'fusem quantify --result DIR [--roi [NAME=]all|rect:X,Y,W,H|ellipse:CX,CY,RX,RY[,DEG]|point:X,Y|polygon:X1,Y1,…] ... [--json]',
  'gamma-scan': 'fusem gamma-scan (--input FILE | --haadf FILE --map EL=FILE ...) [--gammas 1.4,1.55,1.7,1.85,2 | 1.4:2:0.15] [fusion options] [--json]',
  sweep: 'fusem sweep PHANTOM --out DIR --haadf-snr S1,S2,... --chem-snr S1,S2,... [--realisations N] [--size N] ' +
    '[--cells i:j] [--seed S] [--noise common|independent] [--backend auto|cpu|gpu|reference] [--threads N] [fusion options] [--json] [--quiet]\n' +
    `  fusem sweep --collect DIR [--json]      (PHANTOM: ${PHANTOM_NAMES.join(', ')}; --cells is half-open: 2:5 runs cells 2, 3, 4)`,
  watch: `fusem watch DIR --out OUT [fusion options as fuse] [--backend auto|cpu|gpu|reference] [--threads N]
    [--poll] [--poll-interval MS] [--settle S] [--read-attempts N] [--depth N] [--once] [--json] [--quiet]`,
  serve: 'fusem serve [--port P] [--host H --token T] [--read-only] [--config DIR]',
} as const;

export type CommandName = keyof typeof USAGES;
