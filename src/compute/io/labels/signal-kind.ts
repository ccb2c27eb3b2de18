// What an image shows, from its title and detector name (Velox detector names, DM image names).

import type { SignalKind } from '../types.js';

/** Classify a STEM/spectroscopy signal from free-text hints (title, detector, group type). */
export function classifySignal(...hints: (string | null | undefined)[]): SignalKind {
  const text = hints.filter((h): h is string => typeof h === 'string' && h.length > 0).join(' ');
  if (/HAADF/i.test(text)) return 'HAADF';
  if (/\bEELS\b|\bGIF\b|energy[ -]?loss|EELS/i.test(text)) return 'EELS';
  if (/\bED[SX]\b|EDS|EDX|x-?ray|SuperX/i.test(text)) return 'EDX';
  if (/\b(ABF|BF)\b|bright[ -]?field/i.test(text)) return 'BF';
  if (/\b(ADF|DF\d*|MAADF|LAADF)\b|dark[ -]?field/i.test(text)) return 'DF';
  return 'other';
}
