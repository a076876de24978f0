// The subscribers, in their own process: one node:http server on port 0, one path per
// subscription. For every request it records the `webhook-id` and the receipt time (end of the
// body, microseconds of process.hrtime: CLOCK_MONOTONIC, the same clock the sender uses).
//
// Modes, per path (default `ok`):
//   ok    answer 200 at once
//   hang  never answer (a dead neighbour that accepts connections)
//   hold  do not answer yet; switching the path to `ok` answers every held request (a subscriber
//         that is down, then comes back)
//   fail  answer 500
//
// Control (the orchestrator):
//   POST /_control/mode    {"path": "/h/a", "mode": "hold"}  → {"ok": true, "at_us": <switch time>}
//   GET  /_control/counts  → {"<path>": {"requests": n, "distinct": n, "held": n}}
//   GET  /_control/report?path=/h/a   → {"ids": [...], "t": [...]}  (arrival order)
//   POST /_control/reset   forget every receipt (modes stay)
// Prints {"port"} once listening; exits when its stdin closes (the orchestrator went away).
import http from 'node:http';

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
/** @type {Map<string, {mode: string, ids: string[], t: number[], seen: Set<string>, held: http.ServerResponse[]}>} */
const paths = new Map();

function entry(path) {
  let e = paths.get(path);
  if (!e) {
    e = { mode: 'ok', ids: [], t: [], seen: new Set(), held: [] };
    paths.set(path, e);
  }
  return e;
}

function json(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function control(req, res, url, body) {
  if (url.pathname === '/_control/mode' && req.method === 'POST') {
    const { path, mode } = JSON.parse(body);
    const e = entry(path);
    e.mode = mode;
    const atUs = nowUs();
    if (mode === 'ok') for (const held of e.held.splice(0)) held.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return json(res, 200, { ok: true, at_us: atUs });
  }
  if (url.pathname === '/_control/counts') {
    const out = {};
    for (const [path, e] of paths) out[path] = { requests: e.ids.length, distinct: e.seen.size, held: e.held.length };
    return json(res, 200, out);
  }
  if (url.pathname === '/_control/report') {
    const e = paths.get(url.searchParams.get('path') ?? '');
    return json(res, 200, e ? { ids: e.ids, t: e.t } : { ids: [], t: [] });
  }
  if (url.pathname === '/_control/reset' && req.method === 'POST') {
    for (const e of paths.values()) {
      e.ids = [];
      e.t = [];
      e.seen = new Set();
    }
    return json(res, 200, { ok: true });
  }
  return json(res, 404, { error: 'unknown control route' });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const receivedUs = nowUs();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/_control/')) return control(req, res, url, Buffer.concat(chunks).toString('utf8'));
    const e = entry(url.pathname);
    const id = String(req.headers['webhook-id'] ?? '');
    e.ids.push(id);
    e.t.push(receivedUs);
    e.seen.add(id);
    switch (e.mode) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      case 'fail':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('failing on purpose');
        return;
      case 'hold':
        e.held.push(res);
        return;
      case 'hang':
        return;
      default:
        res.writeHead(500).end(`unknown mode ${e.mode}`);
    }
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
