// The vendor side, in its own process. Sends `count` POSTs of one body to `url` with keep-alive
// and prints one JSON line: every answered event id with its send time, plus counts.
//
// Open loop (`rate` > 0): request i is due at start + i/rate, whatever happened to the earlier ones,
// and its latency is measured from that *intended* time, so a stalled server cannot hide its
// stall by slowing the sender down (no coordinated omission).
// Closed loop (`rate` 0): `concurrency` requests in flight, each sent when one is answered.
//
// Times are microseconds of process.hrtime (CLOCK_MONOTONIC): the same clock in every process on
// this machine, so the subscriber's receipt times can be subtracted from these.
// With `direct: true` the target is a subscriber: each request carries its own `webhook-id`
// (`direct_<i>`) and the answer's body is ignored (the one-hop baseline).
//
// Usage: node sender.mjs '<json {url, body, count, rate?, concurrency?, direct?, maxSockets?}>'
import http from 'node:http';

const opts = JSON.parse(process.argv[2] ?? '{}');
const count = opts.count;
const rate = opts.rate ?? 0;
const body = Buffer.from(opts.body);
const target = new URL(opts.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 256 });
const REQUEST_TIMEOUT_MS = 60_000;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const ids = new Array(count); // [event_id, intended_us, answered_us]
const statuses = {};
let errors = 0;
let firstError = null;
let answered = 0;
let nextIndex = 0;
let startUs = 0;

function send(i, intendedUs) {
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', 'content-length': body.length };
    if (opts.direct) headers['webhook-id'] = `direct_${i}`;
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const doneUs = nowUs();
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode >= 200 && res.statusCode < 300) {
            let id = `direct_${i}`;
            if (!opts.direct) {
              try {
                id = JSON.parse(Buffer.concat(chunks).toString('utf8')).event_id;
              } catch {
                id = null;
              }
            }
            ids[i] = [id, intendedUs, doneUs];
          }
          finish();
        });
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (err) => {
      errors++;
      firstError ??= err.message;
      finish();
    });
    req.end(body);
    function finish() {
      answered++;
      resolve();
    }
  });
}

async function openLoop() {
  const periodUs = 1e6 / rate;
  const inFlight = new Set();
  startUs = nowUs() + 5_000; // a short lead so the first tick is not already late
  await new Promise((resolve) => {
    const tick = () => {
      const now = nowUs();
      while (nextIndex < count && startUs + nextIndex * periodUs <= now) {
        const i = nextIndex++;
        const p = send(i, Math.round(startUs + i * periodUs));
        inFlight.add(p);
        p.then(() => inFlight.delete(p));
      }
      if (nextIndex >= count) return resolve();
      const waitMs = Math.max(0, (startUs + nextIndex * periodUs - nowUs()) / 1000);
      setTimeout(tick, waitMs < 1 ? 0 : Math.floor(waitMs));
    };
    setTimeout(tick, 5);
  });
  const sentUs = nowUs();
  await Promise.all(inFlight);
  return sentUs;
}

async function closedLoop() {
  startUs = nowUs();
  const workers = Array.from({ length: Math.min(opts.concurrency ?? 32, count) }, async () => {
    while (nextIndex < count) {
      const i = nextIndex++;
      await send(i, nowUs());
    }
  });
  await Promise.all(workers);
  return nowUs();
}

const lastSendUs = rate > 0 ? await openLoop() : await closedLoop();
const endUs = nowUs();
const okIds = ids.filter(Boolean);
process.stdout.write(
  `${JSON.stringify({
    offered_rate: rate,
    count,
    answered,
    ok: okIds.length,
    statuses,
    errors,
    first_error: firstError,
    start_us: startUs,
    last_send_us: lastSendUs,
    end_us: endUs,
    ids: okIds,
  })}\n`,
  () => process.exit(0),
);
