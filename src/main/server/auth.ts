// The token of a server bound beyond the default host: presented as `Authorization: Bearer T`, as `?token=T` on
// the first page load (answered with an HttpOnly, SameSite=Strict cookie), or as that cookie. Compared in
// constant time.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Shortest token accepted: a guessable token on a network address is worse than none. */
export const MIN_TOKEN_LENGTH = 16;

/** Per port, so two servers on one host do not overwrite each other's cookie. */
export const cookieName = (port: number): string => `fusem_token_${port}`;

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Equal-length digests, so neither the token's length nor its content leaks through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const h = req.headers.cookie;
  if (typeof h !== 'string') return undefined;
  for (const part of h.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export type TokenSource = 'header' | 'cookie' | 'query';

/** How the request proved it knows `token`, or null when it did not. */
export function authenticate(req: IncomingMessage, url: URL, token: string, port: number): TokenSource | null {
  const header = bearer(req);
  if (header !== undefined && tokensEqual(header, token)) return 'header';
  const fromCookie = cookie(req, cookieName(port));
  if (fromCookie !== undefined && tokensEqual(fromCookie, token)) return 'cookie';
  const query = url.searchParams.get('token');
  if (query !== null && tokensEqual(query, token)) return 'query';
  return null;
}

export function tokenCookie(token: string, port: number): string {
  return `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
