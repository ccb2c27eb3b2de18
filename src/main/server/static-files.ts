// The built renderer (out/renderer) over HTTP: GET and HEAD of files inside the folder, nothing outside it
// (no `..`, no symlinks leading out), the right MIME types, and strict security headers on every response.

import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export const mimeType = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * The page's policy: its own scripts only (no inline, no eval), its own origin to connect to (the API's
 * WebSocket; CSP 3 'self' covers ws: of the same host), inline styles for Svelte, no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
});

/** Tells the page it is served by `fusem serve`, so its client opens the API's WebSocket (see renderer api/). */
export const TRANSPORT_META = '<meta name="fusem-transport" content="websocket" />';

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), ...headers });
  res.end(body);
}

/** The file under `root` that `pathname` names, or null when it names none (outside, hidden, not a file). */
export async function resolveStatic(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/');
  if (parts.some((p) => p === '..' || (p.startsWith('.') && p.length > 0))) return null; // traversal and hidden files
  const rel = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = resolve(root, `.${rel}`);
  if (!file.startsWith(root + sep)) return null;
  try {
    const real = await realpath(file);
    const realRoot = await realpath(root);
    if (!real.startsWith(realRoot + sep)) return null; // a symlink out of the folder
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Answer a GET or HEAD for a file of `root` (absolute). */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, url: URL): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    return;
  }
  const file = await resolveStatic(root, url.pathname);
  if (file === null) {
    sendText(res, 404, 'not found');
    return;
  }
  const headers = { ...SECURITY_HEADERS, 'content-type': mimeType(file), 'cache-control': 'no-cache' };
  if (extname(file).toLowerCase() === '.html') {
    const html = (await readFile(file, 'utf8')).replace(/<\/head>/i, (m) => `  ${TRANSPORT_META}\n  ${m}`);
    const body = Buffer.from(html, 'utf8');
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const { size } = await stat(file);
  res.writeHead(200, { ...headers, 'content-length': String(size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
