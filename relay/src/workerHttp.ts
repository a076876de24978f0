/**
 * What a `worker` process serves: `/healthz`, `/readyz` and `/metrics` (its own delivery
 * attempts and in-flight gauge), nothing else. It takes no webhooks and no API calls.
 */
import type { RequestListener } from 'node:http';
import type { ReadinessReport } from './readiness.js';
import type { RelayMetrics } from './metrics.js';

export function createWorkerListener(deps: { metrics: RelayMetrics; readiness: () => Promise<ReadinessReport> }): RequestListener {
  const send = (res: Parameters<RequestListener>[1], status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = 'application/json; charset=utf-8';
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, json, JSON.stringify({ error: { code: 'method_not_allowed', message: 'A worker process serves only GET /healthz, /readyz and /metrics.' } }));
    if (path === '/healthz') return send(res, 200, json, JSON.stringify({ status: 'ok', role: 'worker' }));
    if (path === '/readyz') {
      void deps.readiness().then(
        (report) => send(res, report.ready ? 200 : 503, json, JSON.stringify(report.body)),
        () => send(res, 503, json, JSON.stringify({ status: 'not_ready' })),
      );
      return;
    }
    if (path === '/metrics') {
      void deps.metrics.registry.metrics().then(
        (text) => send(res, 200, deps.metrics.registry.contentType, text),
        () => send(res, 500, json, JSON.stringify({ error: { code: 'internal', message: 'metrics unavailable' } })),
      );
      return;
    }
    send(res, 404, json, JSON.stringify({ error: { code: 'not_found', message: `A worker process serves only /healthz, /readyz and /metrics (SWITCHBOARD_ROLE=worker); send webhooks and API calls to an api or all process.` } }));
  };
}
