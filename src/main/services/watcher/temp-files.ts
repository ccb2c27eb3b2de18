// Files an acquisition folder holds while something is still being written: never datasets.

/** `*.tmp`, `*.part`, `*.crdownload`, `~*`, `.*` (hidden, editor and rsync temporaries), names containing `.partial-`. */
export function isTempName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~')) return true;
  if (name.includes('.partial-') || name.includes('.previous-')) return true; // fusem's own atomic result directories (writeResultDir)
  return /\.(tmp|temp|part|partial|crdownload|download|swp)$/i.test(name) || name.endsWith('~');
}
