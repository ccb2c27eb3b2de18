// Which addresses count as "the default, local only", and how a bound address reads in a URL.

/** Binding these serves this machine only, and needs no token. Anything else (127.0.0.2, ::1, a LAN address) needs one. */
export const DEFAULT_HOSTS: readonly string[] = ['127.0.0.1', 'localhost'];

export const DEFAULT_HOST = '127.0.0.1';

export function isDefaultHost(host: string): boolean {
  return DEFAULT_HOSTS.includes(host.toLowerCase());
}

/** `host:port` as a URL's authority (IPv6 in brackets). */
export function authority(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The Host headers a tokenless (default-host) server answers: its own names for this machine. Anything else is a
 * page on another name resolving here (DNS rebinding) and gets 403.
 */
export function allowedHostHeaders(port: number): Set<string> {
  return new Set(['127.0.0.1', 'localhost'].map((h) => authority(h, port)));
}
