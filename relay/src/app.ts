/**
 * The relay's request listener: vendor webhooks (`/in/...`) go to the lean ingest handler, the
 * rest to the Express app. Never listens: `server.ts` does.
 */
export function createRequestListener(deps: AppDeps): RequestListener {
  const app = createApp(deps);
  const ingest = createIngestHandler(deps);
  return (req, res) => (isIngestRequest(req.url) ? ingest(req, res) : app(req, res));
}

/** The Express app for the API, health and metrics routes. */
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { AdminAuthThrottle } from './auth/adminThrottle.js';
import { requireApiKey } from './auth/apiKeys.js';
import type { AppDeps } from './deps.js';
import { eventsRouter } from './events/routes.js';
import { errorHandler, notFoundHandler } from './http/errorHandler.js';
import { createIngestHandler, isIngestRequest } from './ingest/handler.js';
import type { RequestListener } from 'node:http';
import { maskIngestPath } from './log.js';
import { meRouter } from './auth/meRoute.js';
import { sourcesRouter } from './sources/routes.js';
import { hooksRouter } from './subscriptions/routes.js';
import { deliveryRouter } from './delivery/routes.js';
import { adminRouter } from './admin/static.js';
import { statsRouter } from './admin/stats.js';
import { SessionStore } from './auth/sessions.js';
import { sessionInfoRouter, sessionRouter } from './auth/sessionRoutes.js';
import { previewRouter } from './subscriptions/previewRoute.js';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      customSuccessMessage: (req, res) => `${req.method} ${maskIngestPath(req.url ?? '')} ${res.statusCode}`,
      customErrorMessage: (req, res) => `${req.method} ${maskIngestPath(req.url ?? '')} ${res.statusCode}`,
      customProps: (_req, res) => {
        const locals = (res as unknown as { locals?: Record<string, unknown> }).locals ?? {};
        return {
          ...(locals['errorCode'] ? { error_code: locals['errorCode'] } : {}),
        };
      },
      serializers: {
        // Never the headers: they carry API keys and source tokens.
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: maskIngestPath(req.url), remote: req.remoteAddress }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      wrapSerializers: false,
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (deps.readiness) {
      const report = await deps.readiness();
      res.status(report.ready ? 200 : 503).json(report.body);
      return;
    }
    const ready = deps.store.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', store: deps.store.kind });
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  app.use('/admin', adminRouter(deps.adminDir));

  const sessions = new SessionStore(deps.now);
  const api = express.Router();
  const throttle = new AdminAuthThrottle(deps.now);
  api.use(sessionRouter({ ...deps, sessions, throttle }));
  api.use(requireApiKey(deps.apiKeys, sessions, throttle));
  api.use(express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'] }));
  api.use(meRouter(deps));
  api.use(sessionInfoRouter());
  api.use(statsRouter(deps));
  api.use(previewRouter(deps));
  api.use(sourcesRouter(deps));
  api.use(eventsRouter(deps));
  api.use(hooksRouter(deps));
  api.use(deliveryRouter(deps));
  app.use('/api/v1', api);

  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}
