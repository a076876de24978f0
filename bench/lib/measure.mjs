// One offered-load run against a relay with subscribers: the open-loop sender posts `rate`
// events/s for `seconds`, then we wait until every subscriber has every answered event id, and
// match sends to receipts (latency = receipt − intended send time, same monotonic clock).
import { latencyMs } from './ledger.mjs';
import { send } from './processes.mjs';

/**
 * @returns {Promise<{rate, sent, answeredRate, deliveredRate, delivery, allSubscribers, sustained, nonOk}>}
 */
export async function offeredLoad(ctx, { relay, sub, ingestUrl, paths, rate, seconds, ledger, label, stallMs = 15_000 }) {
  await sub.reset();
  const before = await relay.metrics();
  const sent = await send({ url: ingestUrl, body: ctx.body, count: Math.round(rate * seconds), rate });
  const complete = await sub.waitFor(paths, sent.ok, { stallMs });
  const receipts = {};
  for (const p of paths) receipts[p] = await sub.report(p);
  const after = await relay.metrics();
  const cpuPercent = (100 * (after.cpu_seconds - before.cpu_seconds) * 1000) / (after.at_ms - before.at_ms);
  ledger.stored(sent.ok, after.events - before.events, `${label}: stored = answered 202`);
  const matched = ledger.deliveries(sent, receipts, { notOkAttempts: after.attempts_not_ok - before.attempts_not_ok, label });
  const answeredS = (sent.end_us - sent.start_us) / 1e6;
  const deliveredS = (matched.lastReceipt - sent.start_us) / 1e6;
  const answeredRate = sent.ok / answeredS;
  const deliveredRate = matched.received / deliveredS;
  const delivery = latencyMs(matched.latencies);
  const nonOk = sent.count - sent.ok;
  const growth = latencyGrowth(matched.samples, sent.start_us, seconds);
  // "Kept up": every event answered and delivered, ingest answered at ≥95 % of the offered rate,
  // p99 at most a second, and no growing backlog: the median latency of the events sent in the
  // last fifth of the run is at most 50 ms (or 2×) above that of the first fifth.
  const backlogGrew = growth.last - growth.first > Math.max(50, growth.first);
  const sustained = complete && nonOk === 0 && answeredRate >= 0.95 * rate && delivery.p99 !== null && delivery.p99 <= 1000 && !backlogGrew;
  return {
    rate,
    seconds,
    sent: sent.count,
    answered: sent.ok,
    nonOk,
    statuses: sent.statuses,
    errors: sent.errors,
    answeredRate,
    deliveredRate,
    deliveries: matched.received,
    duplicates: matched.duplicates,
    delivery,
    allSubscribers: latencyMs(matched.eventLatencies),
    ingest: latencyMs(sent.ids.map(([, intended, answered]) => answered - intended)),
    complete,
    latencyFirstFifthP50: growth.first,
    latencyLastFifthP50: growth.last,
    sustained,
    relayCpuPercent: cpuPercent,
    loopLagP99Ms: after.loop_lag_p99_ms,
    loopLagMaxMs: after.loop_lag_max_ms,
    p99ByTenth: byTenth(matched.samples, sent.start_us, seconds),
    commitsPerSecond: ((after.commits - before.commits) * 1000) / (after.at_ms - before.at_ms),
    jobsPerCommit: (after.commit_jobs - before.commit_jobs) / Math.max(1, after.commits - before.commits),
    answeredIds: new Set(sent.ids.map(([id]) => id)),
  };
}

/** p99 latency (ms) of the deliveries of events sent in each tenth of the run: where in the run the tail comes from. */
function byTenth(samples, startUs, seconds) {
  const tenthUs = (seconds * 1e6) / 10;
  const buckets = Array.from({ length: 10 }, () => []);
  for (const [t, l] of samples) buckets[Math.min(9, Math.max(0, Math.floor((t - startUs) / tenthUs)))].push(l);
  return buckets.map((b) => latencyMs(b).p99);
}

/** Median latency (ms) of the deliveries of events sent in the first and in the last fifth of the run. */
function latencyGrowth(samples, startUs, seconds) {
  const fifthUs = (seconds * 1e6) / 5;
  const first = samples.filter(([t]) => t < startUs + fifthUs).map(([, l]) => l);
  const last = samples.filter(([t]) => t >= startUs + 4 * fifthUs).map(([, l]) => l);
  return { first: latencyMs(first).p50 ?? 0, last: latencyMs(last).p50 ?? 0 };
}

/** The one-hop floor: the same sender straight to a subscriber path (no relay). */
export async function directHop(ctx, { sub, path, rate, seconds }) {
  await sub.reset();
  const sent = await send({ url: sub.target(path), body: ctx.body, count: Math.round(rate * seconds), rate, direct: true });
  const r = await sub.report(path);
  const intended = new Map(sent.ids.map(([id, t]) => [id, t]));
  const lat = [];
  for (let i = 0; i < r.ids.length; i++) {
    const t0 = intended.get(r.ids[i]);
    if (t0 !== undefined) lat.push(r.t[i] - t0);
  }
  return latencyMs(lat);
}

/** One second at 200/s before measuring, so JIT warm-up and first connections stay out of the figures (its events are still counted). */
export function warmUp(ctx, setup, ledger) {
  return offeredLoad(ctx, { ...setup, rate: 200, seconds: 1, ledger, label: 'warm-up' });
}
