/**
 * Builds the admin page into `relay/admin-dist`, which the relay serves at `/admin` (see
 * relay/src/admin/static.ts). Hashed file names under `assets/` let the relay cache them for a
 * year; nothing is inlined, so the page runs under a CSP without 'unsafe-inline'.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/admin/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../relay/admin-dist', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `pnpm dev` against a relay on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
