// Closed-loop load in its own process: autocannon against one URL; prints a JSON summary on stdout.
// Usage: node load.mjs <json options>  ({url, body, connections, duration, amount, overallRate, headers})
// With `amount`, every request is answered before the run ends, so the 2xx count is exact (the
// relay's stored-event count can be checked against it); with `duration`, requests still in flight
// at the end are not counted.
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2] ?? '{}');
const started = process.hrtime.bigint();
let lastResponse = started;
const instance = autocannon({
  url: opts.url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
  body: opts.body,
  connections: opts.connections ?? 50,
  pipelining: 1,
  ...(opts.duration ? { duration: opts.duration } : {}),
  ...(opts.amount ? { amount: opts.amount } : {}),
  ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
});
// autocannon notices the end of an `amount` run only at its next once-a-second tick, so its own
// duration is rounded up to whole seconds; the time of the last answer is the real end.
instance.on('response', () => {
  lastResponse = process.hrtime.bigint();
});
const result = await instance;
const elapsedS = Number((opts.amount ? lastResponse : process.hrtime.bigint()) - started) / 1e9;
const cpu = process.cpuUsage();
const summary = {
  requests: result.requests.total,
  rps: result['2xx'] / elapsedS,
  rps_autocannon_avg: result.requests.average,
  duration_s: elapsedS,
  latency_p50_ms: result.latency.p50,
  latency_p99_ms: result.latency.p99,
  status_2xx: result['2xx'],
  non_2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  // The load generator's own CPU (one core = 1): near 1, it, not the server, may be the limit.
  loader_cpu: (cpu.user + cpu.system) / 1e6 / elapsedS,
};
process.stdout.write(`${JSON.stringify(summary)}\n`, () => process.exit(0));
