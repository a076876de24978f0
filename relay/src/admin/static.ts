/**
 * Serves the admin page (packages/admin-ui, built into relay/admin-dist) at `/admin`.
 *
 * - Hashed assets under `/admin/assets/` are cached for a year (`immutable`); `index.html` and
 *   anything else is `no-cache`, so a new build is picked up at the next load.
 * - Every answer carries a strict Content-Security-Policy (no inline script or style, no other
 *   origin), `X-Content-Type-Options`, `Referrer-Policy` and framing protection.
 * - When the page is not built the relay still runs: `/admin` answers a 404 page saying how to
 *   build it. The folder is checked on each request, so building later needs no restart.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';

/** `relay/admin-dist`, next to `src/` and `dist/` alike. */
export const DEFAULT_ADMIN_DIR = fileURLToPath(new URL('../../admin-dist', import.meta.url));

export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', ADMIN_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard admin page not built</title></head>
<body>
<h1>The admin page is not built</h1>
<p>This relay is running, but the files of its admin page are missing from <code>relay/admin-dist/</code>.</p>
<p>Build them from the repository root with <code>npx --yes pnpm@10.34.9 install &amp;&amp; npx --yes pnpm@10.34.9 build</code>
(or only the page: <code>npx --yes pnpm@10.34.9 --filter admin-ui build</code>), then reload this page. No restart is needed.</p>
<p>The API under <code>/api/v1</code> works without it.</p>
</body></html>
`;

export function adminRouter(dir: string = DEFAULT_ADMIN_DIR): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use(securityHeaders);
  router.use('/assets', express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d', redirect: false }));
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('Not found. Reload the admin page: a newer build may have replaced this file.');
  });
  router.use(express.static(dir, { index: false, cacheControl: false, redirect: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
  // The page routes with the URL hash, so only the page itself lives at `/admin/`.
  router.get(['/', '/index.html'], (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      res.status(404).type('html').send(NOT_BUILT);
      return;
    }
    res.sendFile(index, { cacheControl: false });
  });
  return router;
}
