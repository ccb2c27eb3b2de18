// The automatic choice as a report records it (report.json's `auto`) and as the CLI shows it (a λ_TV × λ_chem table).

import type { AutoParamsResult, ValidationPoint } from './types.js';

export interface AutoParamsReport {
  method: AutoParamsResult['method'];
  score: AutoParamsResult['score'];
  folds: number;
  chosen: { lambdaTV: number; lambdaChem: number };
  /** Every grid point, full-data λ, mean held-out score over the folds (lower is better). */
  curve: ValidationPoint[];
  notes: string[];
  wallMs: number;
}

export function autoParamsReport(r: AutoParamsResult): AutoParamsReport {
  return {
    method: r.method, score: r.score, folds: r.folds,
    chosen: { lambdaTV: r.params.lambdaTV, lambdaChem: r.params.lambdaChem },
    curve: r.curve, notes: r.notes, wallMs: r.wallMs,
  };
}

/** The validation curve as text: one row per λ_TV, one column per λ_chem, the chosen point marked with *. */
export function formatValidationCurve(r: AutoParamsResult): string[] {
  const tvs = [...new Set(r.curve.map((c) => c.lambdaTV))];
  const chems = [...new Set(r.curve.map((c) => c.lambdaChem))];
  const cell = (v: string) => v.padStart(13);
  const lines = [`validation curve (${r.method}, held-out ${r.score === 'poisson' ? 'Poisson NLL' : 'relative squared error'}; lower is better)`,
    'λ_TV \\ λ_chem'.padEnd(14) + chems.map((c) => cell(String(c))).join('')];
  for (const tv of tvs) {
    lines.push(String(tv).padEnd(14) + chems.map((ch) => {
      const p = r.curve.find((c) => c.lambdaTV === tv && c.lambdaChem === ch);
      const chosen = tv === r.params.lambdaTV && ch === r.params.lambdaChem;
      return cell(p === undefined ? '' : `${chosen ? '*' : ''}${p.score.toPrecision(5)}`);
    }).join(''));
  }
  lines.push(`chosen: λ_TV ${r.params.lambdaTV}, λ_chem ${r.params.lambdaChem}`);
  return lines;
}
