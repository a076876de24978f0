import { Router } from 'express';
import type { AppDeps } from '../deps.js';

/** `GET /me`: the plugins' credential test. Says which key matched (never the key). */
export function meRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    res.json({
      ok: true,
      key: res.locals['apiKey'],
      relay: { version: deps.version, public_url: deps.config.publicUrl, store: deps.store.kind },
    });
  });
  return router;
}
